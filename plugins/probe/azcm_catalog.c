/* The AZCM code catalog: the seeds' table (2020-2021) and the codes added
 * in Microsoft's current list, in our own words. Sorted by code. */
#include "azcm_catalog.h"

#include "l10n.h"

#include <stddef.h>

static const struct azcm_code catalog[] = {
    {0, "Success", N_("The agent operation completed successfully."), N_("Nothing to do.")},
    {1, "Unknown Error", N_("The agent failed with an error it could not classify."),
     N_("Collect the logs with 'azcmagent logs' and open a Microsoft support case.")},
    {2, "Internal Error", N_("The agent hit an internal error."),
     N_("Retry the operation; if it fails again, Collect the logs with 'azcmagent logs' and open a "
        "Microsoft support case.")},
    {3, "Not Supported",
     N_("The operation is not supported on this machine or by this agent version."),
     N_("Check the agent version and upgrade it, or use a supported operation.")},
    {4, "Arc Proxy Not Running",
     N_("The Arc proxy service (arcproxyd) that gateway mode relies on is not running."),
     N_("Start arcproxyd (systemctl start arcproxyd) and check arcproxy.log for why it stopped.")},
    {5, "No File Logger", N_("The agent could not open its log file for writing."),
     N_("Check that /var/opt/azcmagent/log exists, belongs to root and that the disk is not "
        "full.")},
    {6, "Initialization Failed", N_("The agent failed while starting up."),
     N_("Read the lines before this one in the agent log; reinstall or upgrade the agent if it "
        "persists.")},
    {11, "Cancelled", N_("Someone interrupted the command (Ctrl+C)."),
     N_("Run the command again.")},
    {12, "Invalid Access Token", N_("The access token handed to the agent was not accepted."),
     N_("Get a fresh access token and run the command again.")},
    {13, "Invalid Tags", N_("The --tags value is malformed."),
     N_("Put the whole tag list in double quotes, separate tags with commas and single-quote names "
        "or "
        "values that contain spaces.")},
    {14, "Invalid Cloud", N_("The cloud name is not one the agent supports."),
     N_("Pass a supported cloud such as AzureCloud or AzureUSGovernment.")},
    {15, "Invalid Correlation ID", N_("The correlation ID is not a well-formed GUID."),
     N_("Give --correlation-id a valid GUID.")},
    {16, "Missing Parameter", N_("A parameter the command requires was not given."),
     N_("Read the command output to see which parameter is missing and supply it.")},
    {17, "Invalid Resource Name", N_("The resource name contains characters Azure does not allow."),
     N_("Use letters, digits, hyphens and underscores only, not ending in a hyphen or "
        "underscore.")},
    {18, "Not Elevated", N_("The command ran without root or administrator rights."),
     N_("Run it again as root (sudo) or from an elevated session.")},
    {19, "Config File Path",
     N_("The agent configuration file path is wrong or the file cannot be used."),
     N_("Check that the path given to the agent exists and is readable.")},
    {20, "Unknown Region", N_("The Azure region (location) is not recognised."),
     N_("Pass a valid region short name such as westeurope to --location.")},
    {23, "Invalid Argument", N_("One of the command's arguments has an invalid value."),
     N_("Compare the arguments with 'azcmagent <command> --help' and correct the value.")},
    {26, "Network Error", N_("The agent could not reach one or more Azure services it depends on."),
     N_("Run 'azcmagent check', allow the required endpoints through firewall and proxy, and check "
        "DNS resolution.")},
    {27, "Configuration Conflict", N_("Two agent configuration settings contradict each other."),
     N_("Review 'azcmagent config list' and remove or change one of the conflicting settings.")},
    {28, "TPM Open Failed", N_("The agent could not open the machine's TPM."),
     N_("Check that the TPM is enabled and its device (/dev/tpmrm0) is accessible.")},
    {41, "Invalid Credentials", N_("Azure rejected the credentials used to onboard."),
     N_("For a device login check the account's access to tenant and subscription; for a service "
        "principal check its id, secret, the secret's expiry and that it belongs to the same "
        "tenant.")},
    {42, "Create Resource Failed", N_("Creating the Arc-enabled server resource in Azure failed."),
     N_("Make sure the user or service principal may create Arc servers in the resource group.")},
    {43, "Delete Resource Failed", N_("Deleting the Arc-enabled server resource in Azure failed."),
     N_("Check delete rights on the resource group; if the resource is already gone, disconnect "
        "with "
        "--force-local-only.")},
    {44, "Resource Exists", N_("A resource with this name already exists in Azure."),
     N_("Pick another --resource-name, or delete the existing Arc server in Azure and retry.")},
    {45, "Public Key Update Failed",
     N_("Updating the machine's public key while reconnecting failed."),
     N_("Check connectivity and permissions; if it persists, disconnect and connect again.")},
    {61, "Agent Service Unreachable",
     N_("The command could not reach the local agent service (himds)."),
     N_("Run the command as root and make sure himdsd is running.")},
    {62, "Connect Failed", N_("Connecting the machine to Azure failed."),
     N_("Look for another AZCM code in the same output; if the Azure resource was already created, "
        "delete it before retrying.")},
    {63, "Disconnect Failed", N_("Disconnecting the machine from Azure failed."),
     N_("Look for another AZCM code; if it keeps failing, delete the resource in Azure and run "
        "'azcmagent disconnect --force-local-only'.")},
    {64, "Agent Service Not Responding", N_("The local agent service (himds) did not answer."),
     N_("Check that himdsd is running and start it if not; if it runs, wait a minute and retry.")},
    {65, "Internal Communication Error", N_("Agent components failed to talk to each other."),
     N_("Collect the logs with 'azcmagent logs' and open a Microsoft support case.")},
    {66, "Agent Web Service Unavailable", N_("The agent's local web service is not answering."),
     N_("Restart himdsd; if that does not help, Collect the logs with 'azcmagent logs' and open a "
        "Microsoft support case.")},
    {67, "Already Connected", N_("The agent is already connected to Azure."),
     N_("Disconnect the agent first, then connect again.")},
    {68, "Disconnect Internal Error",
     N_("An internal error occurred while disconnecting from Azure."),
     N_("Collect the logs with 'azcmagent logs' and open a Microsoft support case.")},
    {69, "Local Config Update Failed", N_("The agent could not update its local configuration."),
     N_("Check free space and permissions under /var/opt/azcmagent and retry as root.")},
    {70, "Agent Service Unavailable", N_("The agent service is not available."),
     N_("Check that himdsd is installed and running, and restart it.")},
    {72, "Extension Tool Error", N_("The extension management tool reported an error."),
     N_("Check the extension service (extd) and its logs, then retry.")},
    {73, "Partner Configuration", N_("The partner-specific configuration is invalid or failed."),
     N_("Review the partner settings passed to the agent.")},
    {74, "Add Extensions Failed", N_("Adding extensions to the machine failed."),
     N_("Check the extension service logs and retry the extension installation.")},
    {75, "Cloud Config Unavailable", N_("The agent could not obtain the cloud's configuration."),
     N_("Check connectivity to the Azure endpoints and the --cloud value.")},
    {76, "TPM Connect Failed", N_("Connecting with a TPM-backed identity failed."),
     N_("Check that the TPM works and is accessible, then retry.")},
    {81, "Identity Certificate Download Failed",
     N_("Downloading the managed identity certificate failed: the agent cannot talk to the Arc "
        "service."),
     N_("Check connectivity to the Arc endpoints; delete the resource in Azure and connect "
        "again.")},
    {82, "TPM Certificate Failed", N_("The agent service could not provide the TPM certificate."),
     N_("Check that himdsd is running and the TPM is accessible.")},
    {83, "Credential Registration Failed", N_("Registering the persistent credential failed."),
     N_("Check connectivity and the agent log, then retry.")},
    {101, "Command Parse Failed", N_("The command line could not be parsed."),
     N_("Check the syntax with 'azcmagent <command> --help'.")},
    {102, "Hostname Unavailable", N_("The machine's host name could not be determined."),
     N_("Run 'hostname' to see the system's error and fix it; "
        "Collect the logs with 'azcmagent logs' and open a Microsoft support case.")},
    {103, "RSA Key Generation Failed", N_("Generating the RSA key pair failed."),
     N_("Collect the logs with 'azcmagent logs' and open a Microsoft support case.")},
    {104, "System Info Unreadable", N_("The agent could not read system information."),
     N_("Run azcmagent as root and retry.")},
    {105, "Signed Message Failed", N_("Getting a signed message from the agent service failed."),
     N_("Check that himdsd is running and connected, then retry.")},
    {107, "Certificate Retrieval Failed", N_("Retrieving a certificate failed."),
     N_("Check connectivity to Azure and the agent service; reconnect if the identity certificate "
        "is "
        "missing.")},
    {108, "TPM Key Processing Failed", N_("Processing the TPM-held key failed."),
     N_("Check the TPM's health and that the agent can access it.")},
    {130, "systemctl Not Found", N_("The installer found no systemctl on this machine."),
     N_("Install the agent on a systemd-based distribution.")},
    {131, "Unknown Distribution", N_("The installer could not identify the Linux distribution."),
     N_("Check /etc/os-release and that the distribution is supported.")},
    {132, "Unsupported Architecture", N_("This CPU architecture is not supported."),
     N_("Use a supported architecture (x86_64, or arm64 on supported distributions).")},
    {133, "Distribution Not On ARM64", N_("This distribution is not supported on ARM64."),
     N_("Use a distribution supported on ARM64, or an x86_64 machine.")},
    {141, "Azure VM Detected", N_("The installer found it is running on an Azure virtual machine."),
     N_("Azure VMs do not need Arc; use it for machines outside Azure (or follow the documented "
        "evaluation steps for test VMs).")},
    {143, "Package Manager Failed", N_("The package manager failed while installing the agent."),
     N_("Run the package manager by hand to see its error and repair the repositories or "
        "packages.")},
    {145, "Package Lock Held", N_("The apt/dpkg lock stayed held for over five minutes."),
     N_("Wait for (or stop) the other package operation, then rerun the installer.")},
    {146, "Repository Package Download Failed",
     N_("Downloading the packages-microsoft-prod repository package failed."),
     N_("Allow packages.microsoft.com through firewall and proxy, then retry.")},
    {147, "Version Not Found", N_("The requested agent version is not in the repository."),
     N_("Check the version number or install the latest version.")},
    {148, "Install Failed", N_("Installing the agent package failed."),
     N_("Read the installer output and the package manager's log, fix the cause and retry.")},
    {149, "Download Failed", N_("Downloading the agent package failed."),
     N_("Allow download.microsoft.com and packages.microsoft.com through firewall and proxy.")},
    {150, "Installation Failed", N_("The agent installation did not complete."),
     N_("Read the installer output for the step that failed and retry.")},
    {157, "curl Permission Error",
     N_("curl could not write the downloaded file (permission denied)."),
     N_("Run the installer as root from a directory it can write to.")},
    {158, "Disk Space", N_("There is not enough free disk space to install the agent."),
     N_("Free space (at least a few hundred MB under /opt and /var) and retry.")},
    {159, "Install Already Running", N_("Another agent installation is already running."),
     N_("Wait for it to finish before starting a new one.")},
    {160, "Log File Open Failed", N_("The installer could not open its log file."),
     N_("Check permissions and free space where the installer writes its log.")},
    {171, "Invalid MSI Signature", N_("The installer package's signature did not verify."),
     N_("Download the package again from Microsoft and check nothing alters it in transit.")},
};

const struct azcm_code *azcm_catalog_lookup(int code)
{
    size_t lo = 0, hi = sizeof(catalog) / sizeof(catalog[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (catalog[mid].code == code)
            return &catalog[mid];
        if (catalog[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t azcm_catalog_count(void)
{
    return sizeof(catalog) / sizeof(catalog[0]);
}

const struct azcm_code *azcm_catalog_at(size_t i)
{
    return i < azcm_catalog_count() ? &catalog[i] : NULL;
}
