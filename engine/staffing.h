/* `ccscore staffing`: the Erlang C calculator on the command line. */
#ifndef CCS_STAFFING_H
#define CCS_STAFFING_H

/* argv[0] is "staffing"; returns the exit status (0 ok, 2 usage). */
int staffing_main(int argc, char **argv);

#endif
