#include <stdio.h>
#include "history_verbs.h"
int impact_main(int argc, char **argv) { (void)argc; (void)argv; return 2; }
