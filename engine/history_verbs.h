/* `ccscore trend` and `ccscore impact`: the verbs that read the history
 * store.  argv[0] is the verb; they return the exit status (0 ok, 2 usage,
 * policy, store or input error). */
#ifndef CCS_HISTORY_VERBS_H
#define CCS_HISTORY_VERBS_H

int trend_main(int argc, char **argv);
int impact_main(int argc, char **argv);

#endif
