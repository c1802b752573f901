/* ccscore: command-line front end. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccscore/plugin.h"
#include "compare.h"
#include "engine.h"
#include "history_verbs.h"
#include "retention.h"
#include "staffing.h"

static void usage_commands(FILE *out)
{
    fprintf(out,
"Usage: ccscore COMMAND [OPTIONS]\n"
"\n"
"Score contact-centre performance under an organisation's policy.\n"
"\n"
"Commands:\n"
"  run [-c POLICY] [--period P] [--format FORMAT] [-o FILE] [--feedback] [FILE...]\n"
"        score one period and write the report. Without -c, scores the bundled\n"
"        example organisation; with data files but no -c, only those files,\n"
"        under the example's rules. Data files named here replace the policy's\n"
"        sources of the same kind, recognised by their header; '-' is standard\n"
"        input, FILE.gz is decompressed. -o - writes to standard output.\n"
"  feedback [-c POLICY] [--period P] (--agent ID | --team ID) [--history FILE]\n"
"           [FILE...]\n"
"        print the feedback that the policy's feedback components write for\n"
"        one agent or one team (with a history store, an agent's formal\n"
"        feedback speaks of a run of periods below target).\n"
"  record [-c POLICY] [--history FILE] (--period P | --all) [FILE...]\n"
"        score periods and store them in the history store (one transaction;\n"
"        a period recorded again replaces itself). 'run --record' stores the\n"
"        period a run scores.\n"
"  trend (--agent ID | --team ID | --org) [--metric M] [--last N] [--format F]\n"
"        each metric's series from the history store, with its direction.\n"
"  impact [--window N] [--format F] [FILE...]\n"
"        before/after effect of improvement activities, against colleagues.\n"
"  compare -c CURRENT -c PROPOSED [--period P] [--format F] [FILE...]\n"
"        the same data under two policies: who and what moves (see 'ccscore\n"
"        compare --help').\n"
"  explain (--agent ID | --team ID) [--metric M] [--period P] [--format F]\n"
"        the records behind a figure, those left out and why, and how the\n"
"        value, target, status and points follow.\n"
"  skills [-c POLICY] [--period P] [--format text|json|csv] [-o FILE] [FILE...]\n"
"        every agent's figures per queue and channel, judged as the scorecard\n"
"        judges them; each agent's strongest and weakest queue; who could be\n"
"        moved to a queue under pressure (the workload check's bottlenecks).\n"
"  buddies [-c POLICY] [--period P] [--format text|json|csv] [-o FILE] [FILE...]\n"
"        the buddy plan: colleagues below or near target paired with one who\n"
"        meets it with a margin, a teammate first, at most max_mentees each,\n"
"        new starters first; who is unpaired and why; a review date.\n"
"  check-config -c POLICY [FILE...]\n"
"        check a policy file and report every error; exit 2 if there are any.\n"
"        Each data file's header (the policy's, or those named) is checked\n"
"        against the source's col_* mapping.\n"
"  plugins [-c POLICY]\n"
"        list every plugin component with the keys it accepts.\n"
"  staffing --calls N --interval 30m --aht S --target 80/20 [--max-occupancy P]\n"
"           [--shrinkage P]\n"
"        agents needed for one interval by Erlang C (see 'ccscore staffing --help').\n"
"  retention [-c POLICY] [--from D] [--to D] [--format text|json] [FILE...]\n"
"        attrition, early leavers, reasons, eNPS, agents at risk and advice\n"
"        (see 'ccscore retention --help').\n");
}

/* ccscore --help: the commands, then the options (two literals: one this
 * long would pass C99's 4095-character limit). */
static void usage(FILE *out)
{
    usage_commands(out);
    fputs(
"\n"
"Options:\n"
"  -c, --config POLICY   the organisation's policy (INI) file\n"
"  -p, --period P        2026-W46 (ISO week), 2026-11 (month) or 2026-11-20 (day),\n"
"                        or last-week, last-month, yesterday (before today or\n"
"                        CCSCORE_NOW); default: the latest period in the data\n"
"  -f, --format FORMAT   text, json, csv, or any a plugin's sink adds (see\n"
"                        'ccscore plugins'); default: from -o's extension\n"
"                        when a sink writes it, else text\n"
"  -o, --output FILE     write the report to FILE (atomically) instead of stdout\n"
"      --color[=WHEN]    colour text output: auto (default), always, never\n"
"      --feedback        include the feedback texts in the text report\n"
"      --record          run: also store the scored period in the history store\n"
"      --history FILE    run, feedback, record: the history store (default:\n"
"                        [history] path, else\n"
"                        $XDG_STATE_HOME/ccscore/history.sqlite)\n"
"      --all             record: every period in the data\n"
"  -a, --agent ID        feedback: the agent\n"
"  -t, --team ID         feedback: the team\n"
"  -j, --jobs N          threads for large inputs (default: one per core)\n"
"  -v, --verbose         plugins' info messages on stderr (-vv: debug too)\n"
"  -h, --help            this help\n"
"  -V, --version         print the version and plugin ABI\n"
"\n"
"Exit status: 0 ok; 1 the run found problems at or above the policy's\n"
"fail_level; 2 usage, policy or input error.\n"
"Environment: CCSCORE_PLUGIN_DIR, CCSCORE_DATA_DIR override the built-in\n"
"plugin and example folders; CCSCORE_NOW (YYYY-MM-DD) sets the date of the run\n"
"(records more than a day after it are rejected as in the future).\n",
          out);
}

/* The options after the command into o; -1 when the command should run,
 * else the exit status (--help, or a usage error already reported). */
static int parse_options(int argc, char **argv, run_options *o)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' },
        { "period", required_argument, NULL, 'p' },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "color", optional_argument, NULL, 'C' },
        { "colour", optional_argument, NULL, 'C' },
        { "verbose", no_argument, NULL, 'v' },
        { "jobs", required_argument, NULL, 'j' },
        { "feedback", no_argument, NULL, 'F' },
        { "agent", required_argument, NULL, 'a' },
        { "team", required_argument, NULL, 't' },
        { "history", required_argument, NULL, 'H' },
        { "record", no_argument, NULL, 'R' },
        { "all", no_argument, NULL, 'A' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "c:p:f:o:j:a:t:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'c': o->policy = optarg; break;
        case 'p': o->period = optarg; break;
        case 'f': o->format = optarg; break;
        case 'o': o->output = optarg; break;
        case 'v': o->verbose++; break;
        case 'F': o->feedback = 1; break;
        case 'a': o->agent = optarg; break;
        case 't': o->team = optarg; break;
        case 'H': o->history = optarg; break;
        case 'R': o->record = 1; break;
        case 'A': o->record_all = 1; break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256) {
                fprintf(stderr, "ccscore: error: --jobs takes a number from 1 to 256\n");
                return EXIT_USAGE;
            }
            o->jobs = (int)n;
            break;
        }
        case 'C':
            if (!optarg || strcmp(optarg, "always") == 0)
                o->colour = 1;
            else if (strcmp(optarg, "never") == 0)
                o->colour = 0;
            else if (strcmp(optarg, "auto") == 0)
                o->colour = -1;
            else {
                fprintf(stderr, "ccscore: error: --color takes auto, always or never\n");
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return EXIT_OK;
        default:
            fprintf(stderr, "Try 'ccscore --help'.\n");
            return EXIT_USAGE;
        }
    }
    o->files = argv + optind;
    o->nfiles = (size_t)(argc - optind);
    retention_take_survey(o); /* a staff survey among the data files (issue 14) */
    return -1;
}

/* Run a verb with its parsed options. */
static int run_verb(const char *cmd, run_options *o)
{
    if ((o->agent || o->team) && strcmp(cmd, "feedback") != 0) {
        fprintf(stderr, "ccscore: error: --agent and --team belong to 'ccscore feedback'\n");
        return EXIT_USAGE;
    }
    if (strcmp(cmd, "feedback") == 0) {
        if (!o->agent == !o->team) {
            fprintf(stderr, "ccscore: error: feedback needs one of --agent ID or --team ID\n");
            return EXIT_USAGE;
        }
        if (o->output || o->format) {
            fprintf(stderr, "ccscore: error: feedback prints to standard output; it takes no -o or --format\n");
            return EXIT_USAGE;
        }
        return engine_run(o);
    }
    if (strcmp(cmd, "record") == 0) {
        if (!o->period == !o->record_all) {
            fprintf(stderr, "ccscore: error: record needs one of --period P or --all\n");
            return EXIT_USAGE;
        }
        if (o->output || o->format || o->record) {
            fprintf(stderr, "ccscore: error: record writes no report; it takes no -o, --format or --record\n");
            return EXIT_USAGE;
        }
        o->record = o->record_only = 1;
        return engine_run(o);
    }
    if (o->record_all) {
        fprintf(stderr, "ccscore: error: --all belongs to 'ccscore record'\n");
        return EXIT_USAGE;
    }
    if ((o->record || o->history) && strcmp(cmd, "run") != 0) {
        fprintf(stderr, "ccscore: error: --record and --history belong to 'ccscore run', 'feedback' and 'record'\n");
        return EXIT_USAGE;
    }
    if (strcmp(cmd, "run") == 0) {
        if (o->output && strcmp(o->output, "-") == 0)
            o->output = NULL; /* -o -: standard output (issue 11) */
        return engine_run(o);
    }
    if (strcmp(cmd, "skills") == 0 || strcmp(cmd, "buddies") == 0) {
        if (o->output && strcmp(o->output, "-") == 0)
            o->output = NULL;
        o->people = cmd[0] == 's' ? PEOPLE_SKILLS : PEOPLE_BUDDIES;
        return engine_run(o);
    }
    if (strcmp(cmd, "check-config") == 0) {
        if (!o->policy) {
            fprintf(stderr, "ccscore: error: check-config needs -c POLICY\n");
            return EXIT_USAGE;
        }
        return engine_check_config(o->policy, o->files, o->nfiles);
    }
    if (o->nfiles) {
        fprintf(stderr, "ccscore: error: '%s' takes no file arguments\n", cmd);
        return EXIT_USAGE;
    }
    return engine_plugins(o->policy);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("ccscore %s (plugin ABI %d.%d)\n", PACKAGE_VERSION, CCS_ABI_MAJOR, CCS_ABI_MINOR);
        return EXIT_OK;
    }
    if (strcmp(cmd, "staffing") == 0)
        return staffing_main(argc - 1, argv + 1);
    if (strcmp(cmd, "trend") == 0)
        return trend_main(argc - 1, argv + 1);
    if (strcmp(cmd, "impact") == 0)
        return impact_main(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return compare_main(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0)
        return explain_main(argc - 1, argv + 1);
    if (strcmp(cmd, "retention") == 0)
        return retention_main(argc - 1, argv + 1);
    if (strcmp(cmd, "run") != 0 && strcmp(cmd, "check-config") != 0 && strcmp(cmd, "plugins") != 0 &&
        strcmp(cmd, "feedback") != 0 && strcmp(cmd, "record") != 0 && strcmp(cmd, "skills") != 0 &&
        strcmp(cmd, "buddies") != 0) {
        fprintf(stderr, "ccscore: error: unknown command '%s'; try 'ccscore --help'\n", cmd);
        return EXIT_USAGE;
    }

    run_options o = { .colour = -1 };
    int rc = parse_options(argc, argv, &o);
    return rc >= 0 ? rc : run_verb(cmd, &o);
}
