/* faultvfs: an SQLite VFS that wraps the default one and fails on request.
 *
 * Test support only (product code never includes sqlite3.h outside store.c; this file
 * and its .c may). Registered under FAULTVFS_NAME, never as the default, so a test opens
 * the store through it with store_open_vfs(path, FAULTVFS_NAME, ...) and every other
 * connection in the process stays on the real VFS.
 *
 * A plan says what to break: the Nth xWrite (counted from faultvfs_arm, 1-based) fails
 * with SQLITE_IOERR_WRITE or SQLITE_FULL and writes nothing; the Nth xSync fails with
 * SQLITE_IOERR_FSYNC, after the bytes were written (a failed fsync says nothing about
 * whether they reach the disk). `persistent` keeps failing every later write or sync too
 * (a disk that stays full or broken); otherwise the fault happens once. Two more plans
 * take away what WAL needs: `no_shm` opens files whose methods have no shared memory
 * (io methods version 1, as on a filesystem without mmap/locking support), `refuse_shm`
 * makes every xShmMap fail.
 *
 * Counters tell a test what an operation did: writes and syncs since arming, and whether
 * the -wal holds bytes written after its last sync (wal_unsynced) — at the moment a
 * commit is acknowledged that must be false. State is global to the process; tests are
 * single-threaded.
 */
#ifndef MINGEL_FAULTVFS_H
#define MINGEL_FAULTVFS_H

#include <stdbool.h>

#define FAULTVFS_NAME "faultvfs"

typedef enum FaultWriteError {
    FAULT_WRITE_IOERR, /* SQLITE_IOERR_WRITE: the device refused */
    FAULT_WRITE_FULL,  /* SQLITE_FULL: no space left (what the unix VFS says on ENOSPC) */
} FaultWriteError;

typedef struct FaultPlan {
    int fail_write;              /* fail this xWrite (1 = the first after arming); 0 = none */
    FaultWriteError write_error; /* how it fails */
    int fail_sync;               /* fail this xSync (1-based); 0 = none */
    bool persistent;             /* after the first fault, fail every later one of its kind */
    bool no_shm;                 /* files opened from now on have no shared-memory methods */
    bool refuse_shm;             /* xShmMap fails with SQLITE_IOERR_SHMMAP */
} FaultPlan;

typedef struct FaultCounts {
    int writes;        /* xWrite calls since arming, failed ones included */
    int syncs;         /* xSync calls since arming, failed ones included */
    int wal_writes;    /* of which on a -wal file */
    int wal_syncs;     /* of which on a -wal file */
    int faults;        /* faults injected since arming */
    bool wal_unsynced; /* a -wal write since that file's last successful sync */
} FaultCounts;

/* Registers the VFS (once; later calls do nothing). Returns 0, or -1 if SQLite has no
 * default VFS or registration failed. */
int faultvfs_register(void);

/* Starts a plan and resets the counters (wal_unsynced is kept: it is about the file). */
void faultvfs_arm(const FaultPlan *plan);

/* No more faults; counters keep counting. */
void faultvfs_disarm(void);

FaultCounts faultvfs_counts(void);

/* With on == false, a successful xSync returns without calling fsync (it is still counted
 * and can still be made to fail). For tests of how SQLite and the store handle each call,
 * which do not need the disk to keep anything across a power cut and should not take
 * their time from its fsync. Default: on. */
void faultvfs_real_sync(bool on);

#endif
