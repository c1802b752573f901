/* SIGBUS guard for mapped input (see mapguard.h). */
#include "mapguard.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A slot is free when hi is 0; lo is written before hi is published. */
static struct slot {
    uintptr_t lo, hi;
    unsigned faults;
} slots[MAPGUARD_SLOTS];

static struct sigaction previous;
static uintptr_t page_size;
static int installing; /* the spin lock of install() */

/* The handler that was there before, for a fault that is not ours.  With
 * the default action, put it back and return: the instruction faults again
 * and the process ends as it would have without this guard. */
static void pass_on(int sig, siginfo_t *si, void *uc)
{
    if (previous.sa_flags & SA_SIGINFO) {
        previous.sa_sigaction(sig, si, uc);
    } else if (previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN) {
        signal(sig, SIG_DFL);
    } else {
        previous.sa_handler(sig);
    }
}

/* Only async-signal-safe work: a scan of the slots and one mmap (a system
 * call) of a zero page over the missing one. */
static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
    uintptr_t a = (uintptr_t)si->si_addr;
    for (int i = 0; i < MAPGUARD_SLOTS; i++) {
        uintptr_t hi = __atomic_load_n(&slots[i].hi, __ATOMIC_ACQUIRE);
        if (hi && a >= slots[i].lo && a < hi) {
            void *page = (void *)(a & ~(page_size - 1));
            if (mmap(page, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
                MAP_FAILED)
                break;
            __atomic_add_fetch(&slots[i].faults, 1, __ATOMIC_RELEASE);
            return;
        }
    }
    pass_on(sig, si, uc);
}

/* Install the handler unless it is already the one in place: something
 * (a test harness, a sanitizer) may have put its own there since; then
 * faults not ours go to that one.  A spin lock keeps threads apart. */
static int install(void)
{
    while (__atomic_exchange_n(&installing, 1, __ATOMIC_ACQUIRE))
        ; /* another thread is at it: two system calls */
    struct sigaction cur;
    int ok = sigaction(SIGBUS, NULL, &cur) == 0;
    if (ok && !((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_sigbus)) {
        long ps = sysconf(_SC_PAGESIZE);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        page_size = ps > 0 ? (uintptr_t)ps : 4096;
        ok = sigaction(SIGBUS, &sa, &previous) == 0;
    }
    __atomic_store_n(&installing, 0, __ATOMIC_RELEASE);
    return ok ? 0 : -1;
}

int mapguard_add(void *addr, size_t len)
{
    if (!len || install() != 0)
        return -1;
    for (int i = 0; i < MAPGUARD_SLOTS; i++) {
        uintptr_t zero = 0, busy = 1;
        /* Claim with hi = 1 (no address is below it), then publish. */
        if (__atomic_compare_exchange_n(&slots[i].hi, &zero, busy, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
            slots[i].lo = (uintptr_t)addr;
            __atomic_store_n(&slots[i].faults, 0, __ATOMIC_RELAXED);
            __atomic_store_n(&slots[i].hi, (uintptr_t)addr + len, __ATOMIC_RELEASE);
            return i;
        }
    }
    return -1;
}

unsigned mapguard_faults(int slot)
{
    return __atomic_load_n(&slots[slot].faults, __ATOMIC_ACQUIRE);
}

void mapguard_remove(int slot)
{
    slots[slot].lo = 0;
    __atomic_store_n(&slots[slot].hi, 0, __ATOMIC_RELEASE);
}
