/* The AZCM code catalog in our own words: Microsoft's current table
 * (troubleshoot-agent-onboard.md, 2025-2026) with the short names the agent
 * prints (2022 table). Where a code meant something else in the seeds'
 * table (2020-2021), old agents still write it with that meaning: the entry
 * says both, current first. Sorted by code; an entry with `last` covers a
 * range the table gives one meaning. */
#include "azcm_catalog.h"

#include "l10n.h"

#include <stddef.h>
#include <stdio.h>

static const struct azcm_code catalog[] = {
    {0, "No Error", N_("The agent operation completed successfully."), N_("Nothing to do."), 0, 0},
    {1, "Unknown Error", N_("The agent failed with an error it could not classify."),
     N_("Collect the logs with 'azcmagent logs' and open a Microsoft support case."), 0, 0},
    {2, "Internal Error", N_("The agent hit an internal error."),
     N_("Retry the operation; if it fails again, Collect the logs with 'azcmagent logs' and open a "
        "Microsoft support case."),
     0, 0},
    {3, "Not Supported",
     N_("The operation is not supported on this machine or by this agent version."),
     N_("Check the agent version and upgrade it, or use a supported operation."), 0, 0},
    {4, "Arc Proxy Not Running",
     N_("The Arc proxy service (arcproxyd) that gateway mode relies on is not running."),
     N_("Start arcproxyd (systemctl start arcproxyd) and check arcproxy.log for why it stopped."),
     0, 0},
    {5, "No File Logger", N_("The agent could not open its log file for writing."),
     N_("Check that /var/opt/azcmagent/log exists, belongs to root and that the disk is not "
        "full."),
     0, 0},
    {6, "Initialization Failed", N_("The agent failed while starting up."),
     N_("Read the lines before this one in the agent log; reinstall or upgrade the agent if it "
        "persists."),
     0, 0},
    {11, "Cancelled", N_("Someone interrupted the command (Ctrl+C)."), N_("Run the command again."),
     0, 0},
    {12, "Invalid Access Token", N_("The access token handed to the agent was not accepted."),
     N_("Get a fresh access token and run the command again."), 0, 0},
    {13, "Invalid Tags", N_("The --tags value is malformed."),
     N_("Put the whole tag list in double quotes, separate tags with commas and single-quote names "
        "or "
        "values that contain spaces."),
     0, 0},
    {14, "Invalid Cloud", N_("The cloud name is not one the agent supports."),
     N_("Pass a supported cloud such as AzureCloud or AzureUSGovernment."), 0, 0},
    {15, "Invalid Correlation ID", N_("The correlation ID is not a well-formed GUID."),
     N_("Give --correlation-id a valid GUID."), 0, 0},
    {16, "Missing Parameter", N_("A parameter the command requires was not given."),
     N_("Read the command output to see which parameter is missing and supply it."), 0, 0},
    {17, "Invalid Resource Name", N_("The resource name contains characters Azure does not allow."),
     N_("Use letters, digits, hyphens and underscores only, not ending in a hyphen or "
        "underscore."),
     0, 0},
    {18, "Admin Privileges Needed", N_("The command ran without root or administrator rights."),
     N_("Run it again as root (sudo) or from an elevated session."), 0, 0},
    {19, "Config File Path",
     N_("The agent configuration file path is wrong or the file cannot be used."),
     N_("Check that the path given to the agent exists and is readable."), 0, 0},
    {20, "Unknown Region", N_("The Azure region (location) is not recognised."),
     N_("Pass a valid region short name such as westeurope to --location."), 0, 0},
    {23, "Invalid Argument", N_("One of the command's arguments has an invalid value."),
     N_("Compare the arguments with 'azcmagent <command> --help' and correct the value."), 0, 0},
    {26, "Network Error", N_("The agent could not reach one or more Azure services it depends on."),
     N_("Run 'azcmagent check', allow the required endpoints through firewall and proxy, and check "
        "DNS resolution."),
     0, 0},
    {27, "Configuration Conflict", N_("Two agent configuration settings contradict each other."),
     N_("Review 'azcmagent config list' and remove or change one of the conflicting settings."), 0,
     0},
    {28, "TPM Open Failed", N_("The agent could not open the machine's TPM."),
     N_("Check that the TPM is enabled and its device (/dev/tpmrm0) is accessible."), 0, 0},
    {41, "Failed to Get Access Token", N_("Azure rejected the credentials used to onboard."),
     N_("For a device login check the account's access to tenant and subscription; for a service "
        "principal check its id, secret, the secret's expiry and that it belongs to the same "
        "tenant."),
     0, 0},
    {42, "Create Resource Failed", N_("Creating the Arc-enabled server resource in Azure failed."),
     N_("Make sure the user or service principal may create Arc servers in the resource group."), 0,
     0},
    {43, "Delete Resource Failed", N_("Deleting the Arc-enabled server resource in Azure failed."),
     N_("Check delete rights on the resource group; if the resource is already gone, disconnect "
        "with "
        "--force-local-only."),
     0, 0},
    {44, "Resource Exists", N_("A resource with this name already exists in Azure."),
     N_("Pick another --resource-name, or delete the existing Arc server in Azure and retry."), 0,
     0},
    {45, "Public Key Update Failed",
     N_("Updating the machine's public key while reconnecting failed."),
     N_("Check connectivity and permissions; if it persists, disconnect and connect again."), 0, 0},
    {61, "Agent Service Unreachable",
     N_("The command could not reach the local agent service (himds)."),
     N_("Run the command as root, make sure himdsd is running, then retry."), 0, 0},
    {62, "Connect Failed", N_("Connecting the machine to Azure failed."),
     N_("Look for another AZCM code in the same output; if the Azure resource was already created, "
        "delete it before retrying."),
     0, 0},
    {63, "Disconnect Failed", N_("Disconnecting the machine from Azure failed."),
     N_("Look for another AZCM code; if it keeps failing, delete the resource in Azure and run "
        "'azcmagent disconnect --force-local-only'."),
     0, 0},
    /* 0061, 0064, 0065, 0066 and 0070 share one remedy in the current table. */
    {64, "Agent Service Not Responding", N_("The local agent service (himds) did not answer."),
     N_("Run the command as root, make sure himdsd is running, then retry."), 0, 0},
    {65, "Agent Service Unavailable",
     N_("The local agent service (himds) is not responding or unavailable. Agents before 2022: "
        "agent components failed to talk to each other."),
     N_("Run the command as root, make sure himdsd is running, then retry. Agents before 2022: "
        "collect the logs with 'azcmagent logs' and open a Microsoft support case."),
     1, 0},
    {66, "Agent Web Service Unavailable", N_("The agent's local web service is not answering."),
     N_("Run the command as root, make sure himdsd is running, then retry."), 0, 0},
    {67, "Already Connected", N_("The agent is already connected to Azure."),
     N_("Disconnect the agent first, then connect again."), 0, 0},
    {68, "Subscription Lookup Failed",
     N_("The subscription was given by name and looking up its ID failed. Agents before 2022: an "
        "internal error occurred while disconnecting from Azure."),
     N_("Give the subscription ID (GUID) instead of its name. Agents before 2022: collect the logs "
        "with 'azcmagent logs' and open a Microsoft support case."),
     1, 0},
    {69, "Local Config Update Failed", N_("The agent could not update its local configuration."),
     N_("Check free space and permissions under /var/opt/azcmagent and retry as root."), 0, 0},
    {70, "Agent Service Unavailable", N_("The agent service is not available."),
     N_("Run the command as root, make sure himdsd is running, then retry."), 0, 0},
    {72, "Extension Tool Error", N_("The extension management tool reported an error."),
     N_("Check the extension service (extd) and its logs, then retry."), 0, 0},
    {73, "Partner Configuration", N_("The partner-specific configuration is invalid or failed."),
     N_("Review the partner settings passed to the agent."), 0, 0},
    {74, "Add Extensions Failed", N_("Adding extensions to the machine failed."),
     N_("Check the extension service logs and retry the extension installation."), 0, 0},
    {75, "Cloud Config Unavailable", N_("The agent could not obtain the cloud's configuration."),
     N_("Check connectivity to the Azure endpoints and the --cloud value."), 0, 0},
    {76, "TPM Connect Failed", N_("Connecting with a TPM-backed identity failed."),
     N_("Check that the TPM works and is accessible, then retry."), 0, 0},
    {81, "Identity Certificate Download Failed",
     N_("Downloading the managed identity certificate failed: the agent cannot talk to the Arc "
        "service."),
     N_("Check connectivity to the Arc endpoints; delete the resource in Azure and connect "
        "again."),
     0, 0},
    {82, "TPM Certificate Failed", N_("The agent service could not provide the TPM certificate."),
     N_("Check that himdsd is running and the TPM is accessible."), 0, 0},
    {83, "Credential Registration Failed", N_("Registering the persistent credential failed."),
     N_("Check connectivity and the agent log, then retry."), 0, 0},
    {101, "Command Failed",
     N_("The command could not be parsed or failed to execute. Agents before 2022: the command "
        "line could not be parsed."),
     N_("Check the syntax with 'azcmagent <command> --help' and the agent log, then retry."), 1, 0},
    {102, "Hostname Unavailable", N_("The machine's host name could not be determined."),
     N_("Run 'hostname' to see the system's error and fix it; "
        "Collect the logs with 'azcmagent logs' and open a Microsoft support case."),
     0, 0},
    {103, "RSA Key Generation Failed", N_("Generating the RSA key pair failed."),
     N_("Collect the logs with 'azcmagent logs' and open a Microsoft support case."), 0, 0},
    {104, "System Info Unreadable",
     N_("No longer in Microsoft's current table. Agents before 2022: the agent could not read "
        "system information."),
     N_("Agents before 2022: run azcmagent as root and retry."), 1, 0},
    {105, "Identity Certificate Download Failed",
     N_("Downloading the managed identity certificate failed."),
     N_("Delete the machine's resource in Azure, then connect again."), 0, 0},
    {107, "Certificate Retrieval Failed", N_("Retrieving a certificate failed."),
     N_("Check connectivity to Azure and the agent service; reconnect if the identity certificate "
        "is "
        "missing."),
     0, 0},
    {108, "TPM Key Processing Failed", N_("Processing the TPM-held key failed."),
     N_("Check the TPM's health and that the agent can access it."), 0, 0},
    {127, "Linux Install Failed", N_("Installing the agent on Linux failed."),
     N_("Read the installer output for the step that failed, fix it and run the installer "
        "again."),
     0, 129},
    {130, "systemctl Not Found", N_("The installer found no systemctl on this machine."),
     N_("Install the agent on a systemd-based distribution."), 0, 0},
    {131, "Unknown Distribution", N_("The installer could not identify the Linux distribution."),
     N_("Check /etc/os-release and that the distribution is supported."), 0, 0},
    {132, "Unsupported Architecture", N_("This CPU architecture is not supported."),
     N_("Use a supported architecture (x86_64, or arm64 on supported distributions)."), 0, 0},
    {133, "Distribution Not On ARM64", N_("This distribution is not supported on ARM64."),
     N_("Use a distribution supported on ARM64, or an x86_64 machine."), 0, 0},
    {134, "Linux Install Failed", N_("Installing the agent on Linux failed."),
     N_("Read the installer output for the step that failed, fix it and run the installer "
        "again."),
     0, 140},
    {141, "Azure VM Detected", N_("The installer found it is running on an Azure virtual machine."),
     N_("Azure VMs do not need Arc; use it for machines outside Azure (or follow the documented "
        "evaluation steps for test VMs)."),
     0, 0},
    {142, "Linux Install Failed", N_("Installing the agent on Linux failed."),
     N_("Read the installer output for the step that failed, fix it and run the installer "
        "again."),
     0, 0},
    {143, "Package Manager Failed", N_("The package manager failed while installing the agent."),
     N_("Run the package manager by hand to see its error and repair the repositories or "
        "packages."),
     0, 0},
    {144, "Linux Install Failed", N_("Installing the agent on Linux failed."),
     N_("Read the installer output for the step that failed, fix it and run the installer "
        "again."),
     0, 0},
    {145, "Package Lock Held", N_("The apt/dpkg lock stayed held for over five minutes."),
     N_("Wait for (or stop) the other package operation, then rerun the installer."), 0, 0},
    {146, "Repository Package Download Failed",
     N_("Downloading the packages-microsoft-prod repository package failed."),
     N_("Allow packages.microsoft.com through firewall and proxy, then retry."), 0, 0},
    {147, "Windows Install Failed", N_("Installing the agent on Windows failed."),
     N_("Read the installer output for the step that failed, fix it and run the installer "
        "again."),
     0, 0},
    {148, "Installer Download Failed", N_("Downloading the agent's Windows installer failed."),
     N_("Allow download.microsoft.com through firewall and proxy, then retry."), 0, 0},
    {149, "Installer Unexpected Exit Code", N_("msiexec returned an unexpected exit code."),
     N_("Read the installer's log for the step that failed, fix it and retry."), 0, 0},
    {150, "Installation Failed", N_("The agent installation failed."),
     N_("Read the installer output for the step that failed and retry."), 0, 0},
    {151, "Windows Install Failed", N_("Installing the agent on Windows failed."),
     N_("Read the installer output for the step that failed, fix it and run the installer "
        "again."),
     0, 152},
    {153, "Platform Not Supported", N_("The platform is not supported by the agent."),
     N_("Install the agent on a supported operating system and architecture."), 0, 0},
    {154, "PowerShell Too Old", N_("The installed PowerShell is too old for the installer."),
     N_("Upgrade PowerShell, then run the installer again."), 0, 0},
    {155, "Not Run As Administrator", N_("The installer was not run as administrator."),
     N_("Run the installer again from an elevated session."), 0, 0},
    {156, "Install Failed", N_("The installation failed; the machine may be an Azure VM."),
     N_("Check whether the machine is an Azure virtual machine (Arc is for machines outside "
        "Azure); otherwise read the installer output and retry."),
     0, 0},
    {157, "Repository Metadata Download Failed",
     N_("The repository metadata of packages.microsoft.com could not be downloaded."),
     N_("Allow packages.microsoft.com through firewall and proxy, then retry."), 0, 0},
    {158, "Disk Space", N_("There is not enough free disk space to install the agent."),
     N_("Free space (at least a few hundred MB under /opt and /var) and retry."), 0, 0},
    {159, "Install Already Running", N_("Another agent installation is already running."),
     N_("Wait for it to finish before starting a new one."), 0, 0},
    {160, "Log File Open Failed", N_("The installer could not open its log file."),
     N_("Check permissions and free space where the installer writes its log."), 0, 0},
    {171, "Invalid MSI Signature", N_("The installer package's signature did not verify."),
     N_("Download the package again from Microsoft and check nothing alters it in transit."), 0, 0},
};

static int last_of(const struct azcm_code *c)
{
    return c->last > c->code ? c->last : c->code;
}

const struct azcm_code *azcm_catalog_lookup(int code)
{
    size_t lo = 0, hi = sizeof(catalog) / sizeof(catalog[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (catalog[mid].code <= code && code <= last_of(&catalog[mid]))
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

/* Statuses the CLI exits with that no AZCM code has. */
static const struct azcm_exit_status exit_only[] = {
    {77, N_("the TPM keys could not be processed")},
    {78, N_("connecting with the TPM failed")},
    {104, N_("the private key could not be retrieved")},
    {106, N_("the parameters file could not be saved")},
};

const struct azcm_exit_status *azcm_exit_status_lookup(int status)
{
    for (size_t i = 0; i < sizeof exit_only / sizeof exit_only[0]; i++)
        if (exit_only[i].status == status)
            return &exit_only[i];
    return NULL;
}

void azcm_exit_status_describe(char *dst, size_t dstlen, int status)
{
    const struct azcm_exit_status *x = azcm_exit_status_lookup(status);
    const struct azcm_code *c = azcm_catalog_lookup(status);
    if (x)
        snprintf(dst, dstlen, _("exit status %d (not an AZCM code: %s)"), status, _(x->meaning));
    else if (status > 0 && c)
        snprintf(dst, dstlen, _("exit status %d (AZCM%04d %s)"), status, status, c->name);
    else
        snprintf(dst, dstlen, _("exit status %d"), status);
}
