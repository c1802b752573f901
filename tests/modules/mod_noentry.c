/* A shared object without the ccscore entry point. */
int mod_noentry_something(void);
int mod_noentry_something(void)
{
    return 42;
}
