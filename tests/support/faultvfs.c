/* faultvfs: a shim over SQLite's default VFS that fails writes, syncs and shared memory
 * on request (contract in faultvfs.h).
 *
 * Every call goes to the real VFS with the real VFS's own pointer (the unix VFS keeps
 * state in its pAppData) and to the real file, which sits in the same allocation right
 * after our FaultFile header. Only xWrite, xSync and xShmMap ever behave differently.
 */
#include "faultvfs.h"

#include <string.h>

#include <sqlite3.h>

typedef struct FaultFile {
    sqlite3_file base;  /* our methods */
    sqlite3_file *real; /* the wrapped file, just after this struct */
    bool wal;           /* a -wal file */
} FaultFile;

static struct {
    sqlite3_vfs vfs;   /* ours */
    sqlite3_vfs *real; /* the default VFS we wrap */
    FaultPlan plan;
    bool armed;
    bool write_failed, sync_failed; /* for persistent plans */
    bool fake_sync;                 /* faultvfs_real_sync(false) */
    FaultCounts counts;
} fv;

#define REAL(f) (((FaultFile *)(f))->real)

/* ---- Files -------------------------------------------------------------------------- */

static int f_close(sqlite3_file *f)
{
    return REAL(f)->pMethods->xClose(REAL(f));
}

static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

/* Whether the operation numbered count (writes or syncs so far) fails: the planned one
 * (planned > 0), or any after it when the plan is persistent. Counts the fault. */
static bool fails_now(int planned, int count, bool *failed)
{
    if (!fv.armed || !((planned > 0 && count == planned) || (fv.plan.persistent && *failed))) {
        return false;
    }
    *failed = true;
    fv.counts.faults++;
    return true;
}

static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    FaultFile *ff = (FaultFile *)f;
    fv.counts.writes++;
    fv.counts.wal_writes += ff->wal;
    if (fails_now(fv.plan.fail_write, fv.counts.writes, &fv.write_failed)) {
        return fv.plan.write_error == FAULT_WRITE_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    }
    int rc = ff->real->pMethods->xWrite(ff->real, buf, n, off);
    if (ff->wal) {
        fv.counts.wal_unsynced = true;
    }
    return rc;
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int f_sync(sqlite3_file *f, int flags)
{
    FaultFile *ff = (FaultFile *)f;
    fv.counts.syncs++;
    fv.counts.wal_syncs += ff->wal;
    if (fails_now(fv.plan.fail_sync, fv.counts.syncs, &fv.sync_failed)) {
        return SQLITE_IOERR_FSYNC;
    }
    int rc = fv.fake_sync ? SQLITE_OK : ff->real->pMethods->xSync(ff->real, flags);
    if (rc == SQLITE_OK && ff->wal) {
        fv.counts.wal_unsynced = false;
    }
    return rc;
}

static int f_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int f_lock(sqlite3_file *f, int lock)
{
    return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int f_unlock(sqlite3_file *f, int lock)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int f_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int f_file_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int f_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int f_device(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int f_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **pp)
{
    if (fv.plan.refuse_shm) {
        *pp = NULL;
        return SQLITE_IOERR_SHMMAP;
    }
    return REAL(f)->pMethods->xShmMap(REAL(f), region, size, extend, pp);
}

static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int f_shm_unmap(sqlite3_file *f, int delete_flag)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag);
}

static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

/* Version 3: everything the unix VFS offers. */
static const sqlite3_io_methods fault_methods = {
    3,           f_close,   f_read,     f_write,          f_truncate,     f_sync,
    f_file_size, f_lock,    f_unlock,   f_check_reserved, f_file_control, f_sector_size,
    f_device,    f_shm_map, f_shm_lock, f_shm_barrier,    f_shm_unmap,    f_fetch,
    f_unfetch,
};

/* Version 1: no shared memory, so SQLite cannot run WAL on these files. */
static const sqlite3_io_methods fault_methods_v1 = {
    1,
    f_close,
    f_read,
    f_write,
    f_truncate,
    f_sync,
    f_file_size,
    f_lock,
    f_unlock,
    f_check_reserved,
    f_file_control,
    f_sector_size,
    f_device,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
};

/* ---- The VFS ------------------------------------------------------------------------ */

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    FaultFile *ff = (FaultFile *)f;
    ff->real = (sqlite3_file *)(ff + 1);
    ff->wal = (flags & SQLITE_OPEN_WAL) != 0;
    ff->base.pMethods = NULL;
    int rc = fv.real->xOpen(fv.real, name, ff->real, flags, out_flags);
    /* SQLite calls xClose when pMethods is set, even after a failed open. */
    if (ff->real->pMethods) {
        /* Our version 3 table forwards xFetch: only for a real file that has it. */
        bool v1 = fv.plan.no_shm || ff->real->pMethods->iVersion < 3;
        ff->base.pMethods = v1 ? &fault_methods_v1 : &fault_methods;
    }
    return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return fv.real->xDelete(fv.real, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return fv.real->xAccess(fv.real, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return fv.real->xFullPathname(fv.real, name, n, out);
}

static void *v_dlopen(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return fv.real->xDlOpen(fv.real, name);
}

static void v_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    fv.real->xDlError(fv.real, n, msg);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return fv.real->xDlSym(fv.real, h, sym);
}

static void v_dlclose(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    fv.real->xDlClose(fv.real, h);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return fv.real->xRandomness(fv.real, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return fv.real->xSleep(fv.real, us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return fv.real->xCurrentTime(fv.real, out);
}

static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return fv.real->xGetLastError(fv.real, n, out);
}

static int v_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return fv.real->xCurrentTimeInt64(fv.real, out);
}

int faultvfs_register(void)
{
    if (fv.real) {
        return 0;
    }
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    if (!real || real->iVersion < 2) {
        return -1;
    }
    /* Version 2: the system-call hooks of version 3 stay with the real VFS. */
    sqlite3_vfs v = {2,
                     (int)sizeof(FaultFile) + real->szOsFile,
                     real->mxPathname,
                     NULL,
                     FAULTVFS_NAME,
                     NULL,
                     v_open,
                     v_delete,
                     v_access,
                     v_full_pathname,
                     v_dlopen,
                     v_dlerror,
                     v_dlsym,
                     v_dlclose,
                     v_randomness,
                     v_sleep,
                     v_current_time,
                     v_last_error,
                     v_current_time64,
                     NULL,
                     NULL,
                     NULL};
    fv.vfs = v;
    fv.real = real;
    if (sqlite3_vfs_register(&fv.vfs, 0) != SQLITE_OK) {
        fv.real = NULL;
        return -1;
    }
    return 0;
}

void faultvfs_arm(const FaultPlan *plan)
{
    bool unsynced = fv.counts.wal_unsynced;
    memset(&fv.counts, 0, sizeof fv.counts);
    fv.counts.wal_unsynced = unsynced;
    fv.plan = *plan;
    fv.armed = true;
    fv.write_failed = fv.sync_failed = false;
}

void faultvfs_disarm(void)
{
    memset(&fv.plan, 0, sizeof fv.plan);
    fv.armed = false;
}

FaultCounts faultvfs_counts(void)
{
    return fv.counts;
}

void faultvfs_real_sync(bool on)
{
    fv.fake_sync = !on;
}
