/* signals.h: what SIGINT, SIGTERM and SIGHUP do: clean up at once, or let a transaction roll back. */
#ifndef MODXS_SIGNALS_H
#define MODXS_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

/* Catch SIGINT, SIGTERM and SIGHUP, except those the caller ignores; safe to call again. */
void signals_catch(void);
/* Remove path if a fatal signal ends the process while it is tracked; false when no slot is free. */
bool signals_track(const char *path);
/*
 * Track path, just created and open as fd: the fd, or -1 with errno EMFILE
 * after removing the file and closing fd when no slot is free.
 */
int signals_track_new(int fd, const char *path);
/* Stop tracking path (the same pointer given to signals_track). */
void signals_untrack(const char *path);
/*
 * While deferred, a signal is only recorded, so that the running
 * transaction can see it and roll back as it does for an error.
 */
void signals_defer(bool on);
/* The signal recorded while deferred, or 0. */
int signals_pending(void);
/* Block the fatal signals while tracked paths change; old receives the mask to restore. */
void signals_hold(sigset_t *old);
/* Restore the mask signals_hold saved. */
void signals_restore(const sigset_t *old);
/* Remove what is tracked and die of the recorded signal, if there is one. */
void signals_reraise(void);

#endif
