/* badge: a name badge for one attendee, drawn with cairo and the bundled fonts.
 *
 * At a network meeting the badge is how people find each other while mingling, so the
 * name is as large as the label allows: it starts at a size chosen from the label's
 * height, shrinks until it fits the width down to a minimum, then breaks over two lines
 * (at the space or hyphen nearest the middle), and only a name too long even for that is
 * cut with an ellipsis, which the result reports. Below it come the organisation and the
 * role, and along the bottom the meeting's title and date, each only when the layout asks
 * for it: a badge carries only what the event file names. An optional QR code holds
 * whatever opaque text the caller gives (a token, never a vCard or an e-mail address
 * unless the person consented: that choice is the caller's), with its modules snapped to
 * whole printer dots.
 *
 * Output is a one-page PDF (vector, fonts embedded as subsets: what a CUPS queue prints
 * the same on any driver) or ARGB pixels for a preview on screen. Sizes are millimetres
 * throughout; the page is the label as the printer feeds it (Brother and DYMO rolls are
 * narrower than long), and a landscape badge on such a label is drawn turned a quarter.
 *
 * A Badge holds the fonts (FreeType faces wrapped for cairo). It is not shared between
 * threads: one per thread, or a lock around it.
 */
#ifndef MINGEL_BADGE_H
#define MINGEL_BADGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BADGE_TEXT_MAX 256 /* bytes, with the NUL, of a field as the caller gives it */
#define BADGE_PATH_MAX 4096

/* The fields a layout may show besides the name, which is always there. */
enum {
    BADGE_FIELD_ORGANISATION = 1u << 0,
    BADGE_FIELD_ROLE = 1u << 1,
    BADGE_FIELD_EVENT = 1u << 2, /* the meeting's title */
    BADGE_FIELD_DATE = 1u << 3,  /* the meeting's date */
};

/* A label stock: its size as the printer feeds it. */
typedef struct BadgeLabel {
    char id[32];      /* as in the event file: "62x100", "29x90", "62", "54x101", "a6",
                         or a custom "WxH" in millimetres */
    double width_mm;  /* across the feed (the roll's width) */
    double height_mm; /* along the feed; for continuous tape, the length cut */
    bool continuous;  /* continuous tape (Brother DK-22205, 62 mm) rather than die-cut */
} BadgeLabel;

/* Finds a label by its id, or reads a custom "WxH" (millimetres, each 20..300, a decimal
 * point allowed: "89x36.5"). Returns 0, or -1 with a one-line message in err naming the
 * known ids. */
int badge_label_parse(const char *text, BadgeLabel *out, char *err, size_t errcap);

/* The known label ids and what they are, for messages and the guide: a static string. */
const char *badge_label_list(void);

typedef struct BadgeLayout {
    BadgeLabel label;
    bool landscape;                /* the badge is wider than high, turned on a narrow label */
    unsigned fields;               /* BADGE_FIELD_* */
    bool qr;                       /* draw BadgeData.qr_text as a QR code */
    int dpi;                       /* the printer's resolution (300 for Brother QL and DYMO) */
    const unsigned char *logo_png; /* a PNG drawn top left (the caller's bytes), or NULL */
    size_t logo_len;
} BadgeLayout;

/* What one badge says; NULL or "" fields are left out. Text is UTF-8 (the store keeps it
 * valid); it is copied as needed and not kept. */
typedef struct BadgeData {
    const char *name;
    const char *organisation;
    const char *role;
    const char *event_title;
    const char *event_date;
    const char *qr_text;
} BadgeData;

/* What fitting the name did, for tests and for the organiser's preview. */
typedef struct BadgeFit {
    double name_mm; /* the name's font size (em) in millimetres */
    int name_lines; /* 1 or 2 */
    bool name_cut;  /* even two lines at the minimum size were too wide: cut with "…" */
} BadgeFit;

typedef struct Badge Badge;

/* Loads the bundled fonts from fonts_dir (NotoSans-Regular.ttf and NotoSans-Bold.ttf).
 * Returns NULL with a message in err when a font cannot be read or out of memory. */
Badge *badge_open(const char *fonts_dir, char *err, size_t errcap);

/* Frees everything; b may be NULL. */
void badge_close(Badge *b);

/* Writes the badge as a one-page PDF to path (created or replaced; not synced: the file
 * is handed to a print queue, not kept). Returns 0, or -1 with a message in err (a logo
 * that cannot be read, a QR text too long for a code, a file that cannot be written).
 * fit may be NULL. */
int badge_write_pdf(Badge *b, const BadgeLayout *layout, const BadgeData *data, const char *path,
                    BadgeFit *fit, char *err, size_t errcap);

/* The same PDF in memory: *out is malloc'ed (the caller frees it), *len its size. */
int badge_pdf(Badge *b, const BadgeLayout *layout, const BadgeData *data, unsigned char **out,
              size_t *len, BadgeFit *fit, char *err, size_t errcap);

/* The badge as seen (landscape badges upright), px_per_mm pixels a millimetre, as
 * premultiplied ARGB32 rows of *width pixels (stride 4 * width), malloc'ed into *pixels
 * for the caller to free. For the admin screen's preview. */
int badge_pixels(Badge *b, const BadgeLayout *layout, const BadgeData *data, double px_per_mm,
                 uint32_t **pixels, int *width, int *height, BadgeFit *fit, char *err,
                 size_t errcap);

#endif
