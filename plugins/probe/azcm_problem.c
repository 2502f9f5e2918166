/* Cause and remedy of an AZCM scan that could not be trusted (see
 * azcm_problem.h). The text names the file and what was found; these say
 * why that leaves the scan without an answer and how to give it one. */
#include "azcm_problem.h"
#include "l10n.h"
#include "sanitize.h"

void azcm_problem_meaning(enum azcm_problem problem, struct arcp_azcm *out)
{
    const char *cause = "", *remedy = "";
    switch (problem) {
    case AZCM_PROBLEM_NONE:
        break;
    case AZCM_PROBLEM_UNSAFE:
        cause = _("a file under an agent log's name was not written by the agent (another "
                  "user's file, or a symbolic link), so it is not read");
        remedy = _("find out who put it there ('ls -l' in the agent's log directory) and remove "
                   "it, so the agent can write its own log there");
        break;
    case AZCM_PROBLEM_TIMEOUT:
        cause = _("the probe's timeout ran out before the agent's logs were read");
        remedy = _("raise the probe's timeout, or lower log_scan_max so that less of the logs "
                   "is read");
        break;
    case AZCM_PROBLEM_CHANGED:
        cause = _("the log was rotated or truncated while the probe read it");
        remedy = _("run the probe again; if this happens on every run, find what rewrites the "
                   "agent's logs so often");
        break;
    case AZCM_PROBLEM_ACCESS:
        cause = _("the probe is not allowed to read the agent's logs");
        /* never "run it as root": the front ends run unprivileged */
        remedy = _("grant the user that runs the probe read access to the agent's log directory "
                   "and logs with an ACL (setfacl -R -m u:USER:rX,d:u:USER:rX on the log "
                   "directory), not membership of the himds group, which can read identity "
                   "tokens");
        break;
    case AZCM_PROBLEM_UNREADABLE:
        cause = _("an agent log cannot be read: it is not a regular file, or reading it failed");
        remedy = _("check the agent's log directory ('ls -l' there): the logs must be regular "
                   "files the probe can read; the text names the one at fault");
        break;
    case AZCM_PROBLEM_NO_LOGS:
        cause = _("the agent's log directory has neither azcmagent.log nor himds.log: the agent "
                  "is not installed here, or agent_dir points elsewhere");
        remedy = _("install the Azure Connected Machine agent, or set agent_dir in arcprobe.conf "
                   "to its directory (/var/opt/azcmagent by default)");
        break;
    case AZCM_PROBLEM_OUT_OF_MEMORY:
        cause = _("the probe ran out of memory");
        remedy = _("free memory on this machine, or raise the memory limit of the process that "
                   "runs the probe, and run it again");
        break;
    }
    arcp_copy(out->cause, sizeof out->cause, cause);
    arcp_copy(out->remedy, sizeof out->remedy, remedy);
}
