/* The AZCM code catalog: the seeds' table (2020-2021) and the codes added
 * in Microsoft's current list, in our own words. Sorted by code. */
#include "azcm_catalog.h"

#include <stddef.h>

#define SUPPORT "Collect the logs with 'azcmagent logs' and open a Microsoft support case."

static const struct azcm_code catalog[] = {
    {0, "Success", "The agent operation completed successfully.", "Nothing to do."},
    {1, "Unknown Error", "The agent failed with an error it could not classify.", SUPPORT},
    {2, "Internal Error", "The agent hit an internal error.",
     "Retry the operation; if it fails again, " SUPPORT},
    {3, "Not Supported", "The operation is not supported on this machine or by this agent version.",
     "Check the agent version and upgrade it, or use a supported operation."},
    {4, "Arc Proxy Not Running",
     "The Arc proxy service (arcproxyd) that gateway mode relies on is not running.",
     "Start arcproxyd (systemctl start arcproxyd) and check arcproxy.log for why it stopped."},
    {5, "No File Logger", "The agent could not open its log file for writing.",
     "Check that /var/opt/azcmagent/log exists, belongs to root and that the disk is not full."},
    {6, "Initialization Failed", "The agent failed while starting up.",
     "Read the lines before this one in the agent log; reinstall or upgrade the agent if it "
     "persists."},
    {11, "Cancelled", "Someone interrupted the command (Ctrl+C).", "Run the command again."},
    {12, "Invalid Access Token", "The access token handed to the agent was not accepted.",
     "Get a fresh access token and run the command again."},
    {13, "Invalid Tags", "The --tags value is malformed.",
     "Put the whole tag list in double quotes, separate tags with commas and single-quote names or "
     "values that contain spaces."},
    {14, "Invalid Cloud", "The cloud name is not one the agent supports.",
     "Pass a supported cloud such as AzureCloud or AzureUSGovernment."},
    {15, "Invalid Correlation ID", "The correlation ID is not a well-formed GUID.",
     "Give --correlation-id a valid GUID."},
    {16, "Missing Parameter", "A parameter the command requires was not given.",
     "Read the command output to see which parameter is missing and supply it."},
    {17, "Invalid Resource Name", "The resource name contains characters Azure does not allow.",
     "Use letters, digits, hyphens and underscores only, not ending in a hyphen or underscore."},
    {18, "Not Elevated", "The command ran without root or administrator rights.",
     "Run it again as root (sudo) or from an elevated session."},
    {19, "Config File Path",
     "The agent configuration file path is wrong or the file cannot be used.",
     "Check that the path given to the agent exists and is readable."},
    {20, "Unknown Region", "The Azure region (location) is not recognised.",
     "Pass a valid region short name such as westeurope to --location."},
    {23, "Invalid Argument", "One of the command's arguments has an invalid value.",
     "Compare the arguments with 'azcmagent <command> --help' and correct the value."},
    {26, "Network Error", "The agent could not reach one or more Azure services it depends on.",
     "Run 'azcmagent check', allow the required endpoints through firewall and proxy, and check "
     "DNS resolution."},
    {27, "Configuration Conflict", "Two agent configuration settings contradict each other.",
     "Review 'azcmagent config list' and remove or change one of the conflicting settings."},
    {28, "TPM Open Failed", "The agent could not open the machine's TPM.",
     "Check that the TPM is enabled and its device (/dev/tpmrm0) is accessible."},
    {41, "Invalid Credentials", "Azure rejected the credentials used to onboard.",
     "For a device login check the account's access to tenant and subscription; for a service "
     "principal check its id, secret, the secret's expiry and that it belongs to the same tenant."},
    {42, "Create Resource Failed", "Creating the Arc-enabled server resource in Azure failed.",
     "Make sure the user or service principal may create Arc servers in the resource group."},
    {43, "Delete Resource Failed", "Deleting the Arc-enabled server resource in Azure failed.",
     "Check delete rights on the resource group; if the resource is already gone, disconnect with "
     "--force-local-only."},
    {44, "Resource Exists", "A resource with this name already exists in Azure.",
     "Pick another --resource-name, or delete the existing Arc server in Azure and retry."},
    {45, "Public Key Update Failed", "Updating the machine's public key while reconnecting failed.",
     "Check connectivity and permissions; if it persists, disconnect and connect again."},
    {61, "Agent Service Unreachable",
     "The command could not reach the local agent service (himds).",
     "Run the command as root and make sure himdsd is running."},
    {62, "Connect Failed", "Connecting the machine to Azure failed.",
     "Look for another AZCM code in the same output; if the Azure resource was already created, "
     "delete it before retrying."},
    {63, "Disconnect Failed", "Disconnecting the machine from Azure failed.",
     "Look for another AZCM code; if it keeps failing, delete the resource in Azure and run "
     "'azcmagent disconnect --force-local-only'."},
    {64, "Agent Service Not Responding", "The local agent service (himds) did not answer.",
     "Check that himdsd is running and start it if not; if it runs, wait a minute and retry."},
    {65, "Internal Communication Error", "Agent components failed to talk to each other.", SUPPORT},
    {66, "Agent Web Service Unavailable", "The agent's local web service is not answering.",
     "Restart himdsd; if that does not help, " SUPPORT},
    {67, "Already Connected", "The agent is already connected to Azure.",
     "Disconnect the agent first, then connect again."},
    {68, "Disconnect Internal Error", "An internal error occurred while disconnecting from Azure.",
     SUPPORT},
    {69, "Local Config Update Failed", "The agent could not update its local configuration.",
     "Check free space and permissions under /var/opt/azcmagent and retry as root."},
    {70, "Agent Service Unavailable", "The agent service is not available.",
     "Check that himdsd is installed and running, and restart it."},
    {72, "Extension Tool Error", "The extension management tool reported an error.",
     "Check the extension service (extd) and its logs, then retry."},
    {73, "Partner Configuration", "The partner-specific configuration is invalid or failed.",
     "Review the partner settings passed to the agent."},
    {74, "Add Extensions Failed", "Adding extensions to the machine failed.",
     "Check the extension service logs and retry the extension installation."},
    {75, "Cloud Config Unavailable", "The agent could not obtain the cloud's configuration.",
     "Check connectivity to the Azure endpoints and the --cloud value."},
    {76, "TPM Connect Failed", "Connecting with a TPM-backed identity failed.",
     "Check that the TPM works and is accessible, then retry."},
    {81, "Identity Certificate Download Failed",
     "Downloading the managed identity certificate failed: the agent cannot talk to the Arc "
     "service.",
     "Check connectivity to the Arc endpoints; delete the resource in Azure and connect again."},
    {82, "TPM Certificate Failed", "The agent service could not provide the TPM certificate.",
     "Check that himdsd is running and the TPM is accessible."},
    {83, "Credential Registration Failed", "Registering the persistent credential failed.",
     "Check connectivity and the agent log, then retry."},
    {101, "Command Parse Failed", "The command line could not be parsed.",
     "Check the syntax with 'azcmagent <command> --help'."},
    {102, "Hostname Unavailable", "The machine's host name could not be determined.",
     "Run 'hostname' to see the system's error and fix it; " SUPPORT},
    {103, "RSA Key Generation Failed", "Generating the RSA key pair failed.", SUPPORT},
    {104, "System Info Unreadable", "The agent could not read system information.",
     "Run azcmagent as root and retry."},
    {105, "Signed Message Failed", "Getting a signed message from the agent service failed.",
     "Check that himdsd is running and connected, then retry."},
    {107, "Certificate Retrieval Failed", "Retrieving a certificate failed.",
     "Check connectivity to Azure and the agent service; reconnect if the identity certificate is "
     "missing."},
    {108, "TPM Key Processing Failed", "Processing the TPM-held key failed.",
     "Check the TPM's health and that the agent can access it."},
    {130, "systemctl Not Found", "The installer found no systemctl on this machine.",
     "Install the agent on a systemd-based distribution."},
    {131, "Unknown Distribution", "The installer could not identify the Linux distribution.",
     "Check /etc/os-release and that the distribution is supported."},
    {132, "Unsupported Architecture", "This CPU architecture is not supported.",
     "Use a supported architecture (x86_64, or arm64 on supported distributions)."},
    {133, "Distribution Not On ARM64", "This distribution is not supported on ARM64.",
     "Use a distribution supported on ARM64, or an x86_64 machine."},
    {141, "Azure VM Detected", "The installer found it is running on an Azure virtual machine.",
     "Azure VMs do not need Arc; use it for machines outside Azure (or follow the documented "
     "evaluation steps for test VMs)."},
    {143, "Package Manager Failed", "The package manager failed while installing the agent.",
     "Run the package manager by hand to see its error and repair the repositories or packages."},
    {145, "Package Lock Held", "The apt/dpkg lock stayed held for over five minutes.",
     "Wait for (or stop) the other package operation, then rerun the installer."},
    {146, "Repository Package Download Failed",
     "Downloading the packages-microsoft-prod repository package failed.",
     "Allow packages.microsoft.com through firewall and proxy, then retry."},
    {147, "Version Not Found", "The requested agent version is not in the repository.",
     "Check the version number or install the latest version."},
    {148, "Install Failed", "Installing the agent package failed.",
     "Read the installer output and the package manager's log, fix the cause and retry."},
    {149, "Download Failed", "Downloading the agent package failed.",
     "Allow download.microsoft.com and packages.microsoft.com through firewall and proxy."},
    {150, "Installation Failed", "The agent installation did not complete.",
     "Read the installer output for the step that failed and retry."},
    {157, "curl Permission Error", "curl could not write the downloaded file (permission denied).",
     "Run the installer as root from a directory it can write to."},
    {158, "Disk Space", "There is not enough free disk space to install the agent.",
     "Free space (at least a few hundred MB under /opt and /var) and retry."},
    {159, "Install Already Running", "Another agent installation is already running.",
     "Wait for it to finish before starting a new one."},
    {160, "Log File Open Failed", "The installer could not open its log file.",
     "Check permissions and free space where the installer writes its log."},
    {171, "Invalid MSI Signature", "The installer package's signature did not verify.",
     "Download the package again from Microsoft and check nothing alters it in transit."},
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
