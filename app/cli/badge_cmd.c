/* badge_cmd: name badges from the command line, before the doors open.
 *
 * The import stores the event file's [badge] section (and the logo's bytes) with the
 * meeting; `mingel badges` makes the badges of the expected attendees from it, sorted by
 * surname as a reception table lays them out: written as PDF files to a directory (to
 * look at, or print elsewhere), or sent to the meeting's printer through CUPS. --name
 * narrows it to the people a search finds (a reprint). The kiosk's own printing at
 * check-in uses the same setup; a badge printed here is recorded as a badge job, so that
 * check-in prints no second one (PDFs written with --out are not: nothing says they were
 * printed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/badge.h"
#include "core/ids.h"
#include "core/paths.h"
#include "core/print.h"
#include "core/search.h"
#include "core/text.h"

static const char BADGES_USAGE[] =
    "usage: mingel badges (--out DIR | --print) [--name TEXT] [--db PATH]\n"
    "\n"
    "Makes the name badges of the current meeting's attendees, sorted by surname, with the\n"
    "printer, label and fields of the event file's [badge] section (see mingel import).\n"
    "\n"
    "  --out DIR    write one PDF per badge into DIR (made if missing)\n"
    "  --print      send them to the [badge] printer (a CUPS queue or ipp:// address)\n"
    "  --name TEXT  only the attendees a search for TEXT finds (to reprint one)\n"
    "  --db PATH    the database (default: as mingel run)\n";

typedef struct Person {
    StoreAttendee a;
    char surname[2 * ROSTER_FIELD_MAX + 2]; /* folded last word, then the whole name */
} Person;

typedef struct People {
    Person *items;
    size_t count, cap;
} People;

static int collect(void *ctx, const StoreAttendee *a)
{
    People *p = ctx;
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        Person *items = realloc(p->items, cap * sizeof *items);
        if (items == NULL) {
            return -1;
        }
        p->items = items;
        p->cap = cap;
    }
    Person *x = &p->items[p->count++];
    x->a = *a;
    /* Surname (the name's last word) first, then the whole name, in Swedish order. */
    const char *last = strrchr(a->name, ' ');
    size_t n = text_sort_key(true, last ? last + 1 : a->name, x->surname, 0, sizeof x->surname);
    x->surname[n++] = '\x01';
    text_sort_key(true, a->name, x->surname, n, sizeof x->surname);
    return 0;
}

static int by_surname(const void *a, const void *b)
{
    const Person *x = a, *y = b;
    int c = strcmp(x->surname, y->surname);
    return c != 0 ? c : strcmp(x->a.id, y->a.id);
}

/* A file name for a badge: its place in the order and the name, plain. */
static void file_name(char *out, size_t cap, size_t n, const char *name)
{
    char folded[ROSTER_FIELD_MAX];
    text_fold(folded, sizeof folded, name);
    for (char *c = folded; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))) {
            *c = '-';
        }
    }
    snprintf(out, cap, "%03zu-%.60s.pdf", n, folded);
}

int cli_badge_import(Store *st, const char *event_id, const EventInfo *ev)
{
    if (!ev->badge.enabled) {
        return CLI_OK;
    }
    unsigned char *png = NULL;
    size_t len = 0;
    if (ev->badge.logo[0]) {
        FILE *f = fopen(ev->badge.logo, "rb");
        png = malloc(STORE_BADGE_LOGO_MAX + 1);
        if (f == NULL || png == NULL) {
            fprintf(stderr, "mingel: %s: %s\n", ev->badge.logo,
                    f ? "out of memory" : strerror(errno));
            if (f) {
                fclose(f);
            }
            free(png);
            return f ? CLI_SOFTWARE : CLI_NOINPUT;
        }
        len = fread(png, 1, STORE_BADGE_LOGO_MAX + 1, f);
        fclose(f);
        if (len > STORE_BADGE_LOGO_MAX) {
            fprintf(stderr, "mingel: %s: the logo is larger than %d KiB; make it smaller\n",
                    ev->badge.logo, STORE_BADGE_LOGO_MAX / 1024);
            free(png);
            return CLI_DATAERR;
        }
        StoreStatus s = store_badge_logo_put(st, event_id, png, len);
        free(png);
        if (s != STORE_OK) {
            fprintf(stderr, "mingel: cannot store the badge logo: %s\n", store_last_error(st));
            return cli_status_for(s);
        }
    }
    static const char *const names[] = {"organisation", "role", "event", "date"};
    char fields[96] = "name";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (ev->badge.fields & (1u << i)) {
            strcat(fields, ", ");
            strcat(fields, names[i]);
        }
    }
    printf("Badges: %s on %s labels (%s), %s%s%s%s\n", ev->badge.printer, ev->badge.label,
           ev->badge.portrait ? "portrait" : "landscape", fields, ev->badge.qr ? ", QR code" : "",
           len ? ", logo " : "", len ? ev->badge.logo : "");
    return CLI_OK;
}

int cli_badges(int argc, char **argv)
{
    const char *db = NULL, *out_dir = NULL, *name = NULL;
    bool print = false;
    const CliOption opts[] = {{.name = "db", .letter = 'd', .value = &db},
                              {.name = "out", .letter = 'o', .value = &out_dir},
                              {.name = "print", .letter = 'p', .flag = &print},
                              {.name = "name", .letter = 'n', .value = &name},
                              {0}};
    int pos;
    int rc = cli_parse(argc, argv, BADGES_USAGE, opts, 0, 0, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    if ((out_dir == NULL) == !print) {
        fprintf(stderr, "mingel badges: give either --out DIR or --print\n%s", BADGES_USAGE);
        return CLI_USAGE;
    }

    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }
    EventInfo ev;
    char event_id[IDS_UUID_LEN + 1], err[1024];
    People people = {0};
    Search *search = NULL;
    Badge *badge = NULL;
    unsigned char *logo = NULL;
    size_t logo_len = 0, made = 0, failed = 0;
    StoreStatus s = store_event_current(st, &ev, event_id);
    if (s != STORE_OK) {
        fprintf(stderr, "mingel badges: no meeting imported (%s)\n", store_status_text(s));
        rc = cli_status_for(s);
        goto done;
    }
    if (!ev.badge.enabled) {
        fprintf(stderr,
                "mingel badges: the meeting \"%s\" has no [badge] section; add one to the event "
                "file (printer, label) and import it again\n",
                ev.title);
        rc = CLI_DATAERR;
        goto done;
    }
    BadgeLayout layout;
    memset(&layout, 0, sizeof layout);
    if (badge_label_parse(ev.badge.label, &layout.label, err, sizeof err) != 0) {
        fprintf(stderr, "mingel badges: %s\n", err);
        rc = CLI_DATAERR;
        goto done;
    }
    layout.landscape = !ev.badge.portrait;
    layout.fields = ev.badge.fields;
    layout.dpi = 300;
    s = store_badge_logo(st, event_id, &logo, &logo_len);
    if (s != STORE_OK && s != STORE_NOT_FOUND) {
        fprintf(stderr, "mingel badges: %s\n", store_last_error(st));
        rc = cli_status_for(s);
        goto done;
    }
    layout.logo_png = logo;
    layout.logo_len = logo_len;

    s = store_each_attendee(st, event_id, collect, &people);
    if (s != STORE_OK) {
        fprintf(stderr, "mingel badges: cannot read the attendees: %s\n", store_last_error(st));
        rc = cli_status_for(s);
        goto done;
    }
    if (name != NULL) {
        /* Only the people a search finds: the kiosk's own search, so "jö" finds Jönsson. */
        search = search_new();
        uint32_t *hits = calloc(people.count + 1, sizeof *hits);
        if (search == NULL || hits == NULL) {
            free(hits);
            fprintf(stderr, "mingel badges: out of memory\n");
            rc = CLI_SOFTWARE;
            goto done;
        }
        for (size_t i = 0; i < people.count; i++) {
            search_add(search, (uint32_t)i, people.items[i].a.name, people.items[i].a.organisation);
        }
        size_t n = search_query(search, name, hits, people.count);
        Person *keep = malloc((n + 1) * sizeof *keep);
        for (size_t i = 0; keep != NULL && i < n; i++) {
            keep[i] = people.items[hits[i]];
        }
        free(hits);
        if (keep == NULL) {
            fprintf(stderr, "mingel badges: out of memory\n");
            rc = CLI_SOFTWARE;
            goto done;
        }
        free(people.items);
        people.items = keep;
        people.count = people.cap = n;
    }
    if (people.count == 0) {
        fprintf(stderr, "mingel badges: nobody to make a badge for%s%s\n", name ? " matching " : "",
                name ? name : "");
        rc = CLI_DATAERR;
        goto done;
    }
    qsort(people.items, people.count, sizeof *people.items, by_surname);

    char fonts[4096];
    if (paths_data_dir(fonts, sizeof fonts - 8) != 0) {
        fprintf(stderr, "mingel badges: the program's fonts cannot be found\n");
        rc = CLI_SOFTWARE;
        goto done;
    }
    strcat(fonts, "/fonts");
    badge = badge_open(fonts, err, sizeof err);
    if (badge == NULL) {
        fprintf(stderr, "mingel badges: %s\n", err);
        rc = CLI_SOFTWARE;
        goto done;
    }
    char dir[4096];
    if (out_dir != NULL) {
        if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "mingel badges: %s: %s\n", out_dir, strerror(errno));
            rc = CLI_CANTCREAT;
            goto done;
        }
        snprintf(dir, sizeof dir, "%s", out_dir);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/mingel-badge-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        if (mkdtemp(dir) == NULL) {
            fprintf(stderr, "mingel badges: %s: %s\n", dir, strerror(errno));
            rc = CLI_CANTCREAT;
            goto done;
        }
    }
    for (size_t i = 0; i < people.count; i++) {
        const StoreAttendee *a = &people.items[i].a;
        char file[128], path[4400];
        file_name(file, sizeof file, i + 1, a->name);
        snprintf(path, sizeof path, "%s/%s", dir, file);
        BadgeData d = {.name = a->name,
                       .organisation = a->organisation,
                       .role = a->role,
                       .event_title = ev.title,
                       .event_date = ev.date};
        BadgeFit fit;
        if (badge_write_pdf(badge, &layout, &d, path, &fit, err, sizeof err) != 0) {
            fprintf(stderr, "mingel badges: %s: %s\n", a->name, err);
            failed++;
            continue;
        }
        if (fit.name_cut) {
            printf("Note: %s does not fit the %s label whole; the badge shows it cut\n", a->name,
                   ev.badge.label);
        }
        if (print) {
            int job = print_submit(ev.badge.printer, path, a->name, err, sizeof err);
            remove(path);
            if (job <= 0) {
                fprintf(stderr, "mingel badges: %s: %s\n", a->name, err);
                failed++;
                if (made == 0) {
                    break; /* the printer is not there: no point in trying everyone */
                }
                continue;
            }
            printf("%s: job %d on %s\n", a->name, job, ev.badge.printer);
            /* Recorded, so the kiosk prints no second badge at this person's check-in. */
            if (store_badge_printed(st, event_id, a->id, job, ids_now_ms()) != STORE_OK) {
                fprintf(stderr,
                        "mingel badges: %s: printed, but not recorded (%s): the kiosk "
                        "will print another at the check-in\n",
                        a->name, store_last_error(st));
            }
        } else {
            printf("%s\n", path);
        }
        made++;
    }
    if (print) {
        remove(dir);
    }
    printf("%zu badge%s %s%s\n", made, made == 1 ? "" : "s", print ? "sent to " : "written to ",
           print ? ev.badge.printer : dir);
    rc = failed ? CLI_IOERR : CLI_OK;
done:
    badge_close(badge);
    search_free(search);
    free(people.items);
    free(logo);
    store_close(st);
    return rc;
}
