#!/bin/sh
# ccscore under valgrind memcheck, for `make check-valgrind`: the end-to-end
# scripts run it in place of the binary (CCSCORE_UNDER_TEST).  Any memory
# error or definitely lost block makes the run exit 99 (so the test fails)
# and leaves a report in $VALGRIND_LOGDIR/vg.PID.log (empty when clean).
: "${VALGRIND_LOGDIR:?VALGRIND_LOGDIR must be set}" "${CCSCORE_REAL:?CCSCORE_REAL must be set}"
exec valgrind -q --tool=memcheck --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --log-file="$VALGRIND_LOGDIR/vg.%p.log" "$CCSCORE_REAL" "$@"
