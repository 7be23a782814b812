/* UI tests: the screens as command and target lists, with no display and no font.
 *
 * Text is "measured" by a deterministic rule (0.6 em per code point, bold 0.65), close to
 * Noto Sans on average; tests/test_sdl_screens.c repeats the overflow check with the real
 * font. These tests check what a person can do on each screen (its targets), that targets
 * are big enough for a finger and inside the screen, that the layout scales, and that long
 * names are shortened rather than spilling out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "ui/ui.h"
#include "support.h"
#include "ui_check.h"

static EventInfo demo_event(void)
{
    EventInfo ev = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff");
    snprintf(ev.theme, sizeof ev.theme, "Kompetensförsörjning: så rekryterar vi");
    ev.next_meeting[0] = '\0';
    return ev;
}

static FlowView base_view(FlowScreen screen, const EventInfo *ev)
{
    FlowView v;
    memset(&v, 0, sizeof v);
    v.screen = screen;
    v.event = ev;
    v.query = "";
    v.chosen_name = "Lotta Söderberg";
    v.chosen_organisation = "Vattenbolaget Öst";
    v.first_name = "Lotta";
    snprintf(v.checkin_time, sizeof v.checkin_time, "09:12");
    v.walkin_fields[0] = "";
    v.walkin_fields[1] = "";
    v.notice = I18N_TICKET_UNKNOWN;
    v.offers_checkin = true;
    v.question = 1;
    v.question_count = 3;
    v.question_text = "Hur nöjd är du med dagens erfarenhetsutbyte?";
    v.answer = -1;
    v.reflection_prompt = "Det viktigaste jag tar med mig från dagen är …";
    v.reflection = "";
    v.reflection_max = 140;
    v.feedback_link = "https://forms.example.org/f?event=drift-2026-11&t=AbCdEfGhIjKlMnOpQrStUv"
                      "&lang=sv";
    v.admin_note = I18N_COUNT;
    v.admin_note_arg = "";
    v.phases = EVENT_PHASE_BOTH;
    /* The undo list: page 2 of 3, two check-ins and two undone, the longest names. */
    static const char *const undo_names[] = {"Anna-Karin Lindén-Wikström", "Lars Berg",
                                             "Åsa Ångström-Öberg", "Örjan Öjmertz"};
    v.undo_query = "";
    v.undo_matches = 10;
    v.undo_page = 1;
    v.undo_pages = 3;
    v.recent_count = FLOW_UNDO_PAGE;
    for (int i = 0; i < FLOW_UNDO_PAGE; i++) {
        v.recent[i].name = undo_names[i];
        v.recent[i].organisation = "Samhällsbyggnadsförvaltningen";
        v.recent[i].checked_in = i % 2 == 0;
        snprintf(v.recent_time[i], sizeof v.recent_time[i], "1%d:4%d", i, i);
    }
    v.ask = screen == FLOW_ADMIN_ASK ? FLOW_ASK_UNDO : FLOW_ASK_QUIT;
    v.ask_name = "Anna-Karin Lindén-Wikström";
    v.ask_organisation = "Samhällsbyggnadsförvaltningen";
    return v;
}

typedef struct ScreenCase {
    FlowScreen screen;
    FlowAction needs[4]; /* targets a person must find there */
} ScreenCase;

static const ScreenCase SCREENS[] = {
    {FLOW_WELCOME, {FLOW_ACT_START, FLOW_ACT_LANGUAGE}},
    {FLOW_SEARCH, {FLOW_ACT_CHAR, FLOW_ACT_BACKSPACE, FLOW_ACT_WALKIN, FLOW_ACT_BACK}},
    {FLOW_CONFIRM, {FLOW_ACT_CONFIRM, FLOW_ACT_BACK, FLOW_ACT_LANGUAGE}},
    {FLOW_GREETING, {FLOW_ACT_DONE, FLOW_ACT_LANGUAGE}},
    {FLOW_ALREADY, {FLOW_ACT_DONE}},
    {FLOW_WALKIN, {FLOW_ACT_FIELD, FLOW_ACT_SUBMIT, FLOW_ACT_CONSENT, FLOW_ACT_BACK}},
    {FLOW_NOTICE, {FLOW_ACT_DONE}},
    {FLOW_QUESTION, {FLOW_ACT_RATE, FLOW_ACT_SKIP, FLOW_ACT_BACK, FLOW_ACT_LANGUAGE}},
    {FLOW_REFLECTION, {FLOW_ACT_CHAR, FLOW_ACT_SEND, FLOW_ACT_SKIP, FLOW_ACT_BACK}},
    {FLOW_THANKS, {FLOW_ACT_DONE, FLOW_ACT_LANGUAGE}},
    {FLOW_ADMIN_PIN, {FLOW_ACT_DIGIT, FLOW_ACT_PIN_OK, FLOW_ACT_BACKSPACE, FLOW_ACT_BACK}},
    {FLOW_ADMIN, {FLOW_ACT_PHASE, FLOW_ACT_EXPORT, FLOW_ACT_QUIT, FLOW_ACT_CLOCK}},
    {FLOW_ADMIN_UNDO, {FLOW_ACT_BACK, FLOW_ACT_UNDO, FLOW_ACT_RESTORE, FLOW_ACT_PAGE}},
    {FLOW_ADMIN_ASK, {FLOW_ACT_CONFIRM, FLOW_ACT_BACK}},
    {FLOW_ADMIN_CLOCK, {FLOW_ACT_CLOCK_ADJUST, FLOW_ACT_CLOCK_SAVE, FLOW_ACT_BACK}},
};

static const struct {
    int w, h;
} SIZES[] = {{800, 480},  {1024, 600},  {1280, 800}, {1920, 1080}, {3840, 2160},
             {720, 1280}, {1080, 1920}, {600, 1024}, {768, 1024}};

static bool has_action(const Ui *ui, FlowAction a)
{
    size_t n;
    const UiTarget *t = ui_targets(ui, &n);
    for (size_t i = 0; i < n; i++) {
        if (t[i].action == a) {
            return true;
        }
    }
    return false;
}

static void every_screen_offers_its_actions_at_every_size(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    for (size_t s = 0; s < sizeof SCREENS / sizeof SCREENS[0]; s++) {
        for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
            for (int lang = 0; lang < LANG_COUNT; lang++) {
                FlowView v = base_view(SCREENS[s].screen, &ev);
                v.lang = (Lang)lang;
                ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
                for (int k = 0; k < 4 && SCREENS[s].needs[k]; k++) {
                    if (!has_action(ui, SCREENS[s].needs[k])) {
                        fail_msg("screen %d at %dx%d lacks a '%s' target", SCREENS[s].screen,
                                 SIZES[z].w, SIZES[z].h, flow_action_name(SCREENS[s].needs[k]));
                    }
                }
                size_t n;
                const UiTarget *t = ui_targets(ui, &n);
                /* Finger-sized (about 9 mm on a 7" 800x480 panel) and on screen. */
                double scale = SIZES[z].w / 800.0 < SIZES[z].h / 480.0 ? SIZES[z].w / 800.0
                                                                       : SIZES[z].h / 480.0;
                for (size_t i = 0; i < n; i++) {
                    UiRect r = t[i].rect;
                    if (r.w < 46 * scale - 1 || r.h < 46 * scale - 1) {
                        fail_msg("target '%s' %d is %dx%d at %dx%d: too small to tap",
                                 flow_action_name(t[i].action), t[i].arg, r.w, r.h, SIZES[z].w,
                                 SIZES[z].h);
                    }
                    assert_true(r.x >= 0 && r.y >= 0);
                    assert_true(r.x + r.w <= SIZES[z].w && r.y + r.h <= SIZES[z].h);
                }
                const char *over = NULL;
                if (ui_overflow(ui, &over)) {
                    fail_msg("screen %d lang %d at %dx%d: text does not fit: '%s'",
                             SCREENS[s].screen, lang, SIZES[z].w, SIZES[z].h, over);
                }
            }
        }
    }
    ui_free(ui);
}

static void keyboard_has_swedish_letters(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_SEARCH, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzåäö-";
    const char *p = letters;
    while (*p) {
        uint32_t cp;
        size_t n = text_decode(p, strlen(p), &cp);
        if (!ui_find(ui, FLOW_ACT_CHAR, (int)cp, NULL)) {
            fail_msg("no key for '%.*s'", (int)n, p);
        }
        p += n;
    }
    assert_true(ui_find(ui, FLOW_ACT_SPACE, 0, NULL));
    assert_true(ui_find(ui, FLOW_ACT_CLEAR, 0, NULL));
    assert_true(shows_text_exactly(ui, "å") && shows_text_exactly(ui, "ä") &&
                shows_text_exactly(ui, "ö"));
    /* The walk-in keyboard shows capitals when the next letter starts a word. */
    v = base_view(FLOW_WALKIN, &ev);
    v.keyboard_upper = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Å") && shows_text_exactly(ui, "Q"));
    assert_false(shows_text_exactly(ui, "q"));
    ui_free(ui);
}

/* The organiser's screens other than the PIN pad and the ask have no portrait layout (ui.c
 * SCREEN_PORTRAIT): across a portrait screen they show their landscape layout at its width. */
static bool organiser_screen(FlowScreen s)
{
    return s == FLOW_ADMIN || s == FLOW_ADMIN_UNDO || s == FLOW_ADMIN_CLOCK;
}

/* Keys of the on-screen keyboard: 11 Swedish letters share a row, so they are narrower
 * than other targets (UI_MIN_KEY_W_MM), never lower. */
static bool keyboard_key(FlowAction a)
{
    return a == FLOW_ACT_CHAR || a == FLOW_ACT_SHIFT || a == FLOW_ACT_KEYS ||
           a == FLOW_ACT_SNIPPET || a == FLOW_ACT_BACKSPACE || a == FLOW_ACT_CLEAR;
}

/* The main action of a screen: at least UI_MIN_PRIMARY_MM high. */
static bool primary_action(FlowAction a)
{
    return a == FLOW_ACT_START || a == FLOW_ACT_FEEDBACK || a == FLOW_ACT_CONFIRM ||
           a == FLOW_ACT_DONE || a == FLOW_ACT_STAY;
}

/* The capital height on the glass of the first text run containing s, or -1. */
static double cap_mm(const Ui *ui, const char *s, double px_per_mm)
{
    size_t n;
    const UiCmd *c = ui_commands(ui, &n);
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind == UI_CMD_TEXT && c[i].text && strstr(c[i].text, s)) {
            return c[i].font.px * UI_CAP_RATIO / px_per_mm;
        }
    }
    return -1;
}

/* Checks one frame against the millimetre rules; what is named in a failure: where. */
static void check_mm_rules(const Ui *ui, const char *where, double ppmm, bool organiser,
                           bool organiser_portrait)
{
    const double eps = 0.02; /* mm: whole pixels */
    size_t n;
    const UiTarget *t = ui_targets(ui, &n);
    for (size_t i = 0; i < n && !organiser_portrait; i++) {
        UiRect r = t[i].rect;
        if (t[i].hold_ms > 0) {
            continue; /* the organiser's hidden corner: not for a visitor's finger */
        }
        double h = r.h / ppmm, w = r.w / ppmm;
        /* The organiser's Close is a bar button, not a visitor's main action. */
        bool primary = primary_action(t[i].action) && !organiser;
        double min_h = primary ? UI_MIN_PRIMARY_MM : UI_MIN_TARGET_MM;
        double min_w = keyboard_key(t[i].action) ? UI_MIN_KEY_W_MM : UI_MIN_TARGET_MM;
        if (h < min_h - eps || w < min_w - eps) {
            fail_msg("%s: target '%s' %d is %.1f x %.1f mm (wants %.1f x %.1f)", where,
                     flow_action_name(t[i].action), t[i].arg, w, h, min_w, min_h);
        }
    }
    const UiCmd *c = ui_commands(ui, &n);
    for (size_t i = 0; i < n && !organiser_portrait; i++) {
        if (c[i].kind != UI_CMD_TEXT) {
            continue;
        }
        double cap = c[i].font.px * UI_CAP_RATIO / ppmm;
        if (cap < UI_MIN_CAP_MM - eps) {
            fail_msg("%s: '%s' has capitals of %.2f mm (at least %.1f)", where, c[i].text, cap,
                     UI_MIN_CAP_MM);
        }
    }
}

/* Every screen at every supported size, both languages, with the density each size has
 * by default: targets, primary actions and text on the glass (ui.h's rules), and body text
 * (names, the meeting's title, the question) with capitals of at least 3 mm. */
static void every_screen_keeps_the_millimetre_rules(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    snprintf(ev.organiser, sizeof ev.organiser, "Kommunförbundet Västmanland");
    snprintf(ev.next_meeting, sizeof ev.next_meeting, "Nästa träff: 4 mars 2027 i Västerås");
    Ui *ui = ui_new(fake_measure, NULL);
    for (size_t s = 0; s < sizeof SCREENS / sizeof SCREENS[0]; s++) {
        for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
            for (int lang = 0; lang < LANG_COUNT; lang++) {
                for (int layer = 0; layer < 3; layer++) { /* letters, symbols, e-mail */
                    FlowScreen screen = SCREENS[s].screen;
                    /* 123 wherever there is a keyboard, the e-mail row where a field
                     * asks for it (the walk-in form). */
                    if ((layer == 1 && screen != FLOW_SEARCH && screen != FLOW_WALKIN &&
                         screen != FLOW_REFLECTION) ||
                        (layer == 2 && screen != FLOW_WALKIN)) {
                        continue;
                    }
                    int w = SIZES[z].w, h = SIZES[z].h;
                    double ppmm = ui_default_px_per_mm(w, h);
                    FlowView v = base_view(screen, &ev);
                    v.lang = (Lang)lang;
                    v.keyboard_layer = layer == 1 ? FLOW_KEYS_SYMBOLS : FLOW_KEYS_LETTERS;
                    v.keyboard_email = layer == 2;
                    if (screen == FLOW_SEARCH) {
                        v.query = "lot";
                        v.results[0] = (FlowResult){"Lotta Söderberg", "Vattenbolaget Öst", true};
                        v.result_count = v.match_count = 1;
                    }
                    ui_frame(ui, &v, w, h, -1, -1);
                    char where[96];
                    snprintf(where, sizeof where, "screen %d lang %d layer %d at %dx%d", screen,
                             lang, layer, w, h);
                    check_mm_rules(ui, where, ppmm, organiser_screen(screen),
                                   h > w && organiser_screen(screen));
                    const char *over = NULL;
                    if (ui_overflow(ui, &over)) {
                        fail_msg("%s: text does not fit: '%s'", where, over);
                    }
                    const char *body = screen == FLOW_WELCOME    ? "Driftchefsnätverket"
                                       : screen == FLOW_SEARCH   ? "Lotta Söderberg"
                                       : screen == FLOW_CONFIRM  ? "Lotta Söderberg"
                                       : screen == FLOW_QUESTION ? "Hur nöjd"
                                                                 : NULL;
                    if (body) {
                        double cap = cap_mm(ui, body, ppmm);
                        if (cap < UI_BODY_CAP_MM - 0.02) {
                            fail_msg("%s: body text '%s' has capitals of %.2f mm", where, body,
                                     cap);
                        }
                    }
                }
            }
        }
    }
    ui_free(ui);
}

/* The footer says who organises and when the next meeting is, each label in the screen's
 * language: never "Nästa träff" on an English screen, even when the event file wrote it. */
static void welcome_footer_speaks_the_screens_language(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    snprintf(ev.organiser, sizeof ev.organiser, "Kommunförbundet Västmanland");
    snprintf(ev.next_meeting, sizeof ev.next_meeting, "Nästa träff: 4 mars 2027 i Västerås");
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_WELCOME, &ev);
    for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
        v.lang = LANG_EN;
        ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
        assert_true(shows_text(ui, "Organiser: Kommunförbundet Västmanland"));
        assert_true(shows_text(ui, "Next meeting:"));
        assert_true(shows_text(ui, "Västerås"));
        assert_false(shows_text(ui, "Nästa"));
        assert_false(shows_text(ui, "…")); /* nothing shortened: it wraps */
        v.lang = LANG_SV;
        ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
        assert_true(shows_text(ui, "Arrangör: Kommunförbundet Västmanland"));
        assert_true(shows_text(ui, "Nästa träff:"));
        assert_false(shows_text(ui, "Nästa träff: Nästa"));
    }
    ui_free(ui);
}

/* A long title wraps, and shrinks before anything is cut: at 800x480 a title of three
 * lines' worth shows whole, at a smaller size than a short one. */
static void long_title_wraps_and_shrinks(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_WELCOME, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    double short_cap = cap_mm(ui, "Driftchefsnätverket", 5.3);
    snprintf(ev.title, sizeof ev.title,
             "Chefsforum Västmanland – vårträff om kompetensförsörjning och ledarskap i "
             "offentlig sektor");
    for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
        ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
        assert_false(shows_text(ui, "…"));
        assert_true(shows_text(ui, "sektor"));
    }
    ui_frame(ui, &v, 800, 480, -1, -1);
    double long_cap = cap_mm(ui, "Chefsforum", 5.3);
    assert_true(long_cap < short_cap);
    assert_true(long_cap >= UI_BODY_CAP_MM);
    ui_free(ui);
}

/* The keyboard's layers: Shift lit when on, digits and the signs company names need on
 * 123, and the e-mail row (@ . .se .com, no space bar) where the flow asks for it. */
static void keyboard_layers(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
        FlowView v = base_view(FLOW_WALKIN, &ev);
        ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
        assert_true(ui_find(ui, FLOW_ACT_SHIFT, 0, NULL));
        assert_true(ui_find(ui, FLOW_ACT_KEYS, FLOW_KEYS_SYMBOLS, NULL));
        assert_false(ui_find(ui, FLOW_ACT_CHAR, '@', NULL));
        v.keyboard_layer = FLOW_KEYS_SYMBOLS;
        ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
        for (const char *p = "0123456789&.-'@_,"; *p; p++) {
            if (!ui_find(ui, FLOW_ACT_CHAR, (unsigned char)*p, NULL)) {
                fail_msg("no key for '%c' on 123 at %dx%d", *p, SIZES[z].w, SIZES[z].h);
            }
        }
        assert_true(ui_find(ui, FLOW_ACT_KEYS, FLOW_KEYS_LETTERS, NULL));
        assert_false(ui_find(ui, FLOW_ACT_CHAR, 'q', NULL));
        assert_true(ui_find(ui, FLOW_ACT_SPACE, 0, NULL));
        v.keyboard_layer = FLOW_KEYS_LETTERS;
        v.keyboard_email = true;
        ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
        assert_true(ui_find(ui, FLOW_ACT_CHAR, '@', NULL));
        assert_true(ui_find(ui, FLOW_ACT_CHAR, '.', NULL));
        assert_true(ui_find(ui, FLOW_ACT_SNIPPET, FLOW_SNIPPET_SE, NULL));
        assert_true(ui_find(ui, FLOW_ACT_SNIPPET, FLOW_SNIPPET_COM, NULL));
        assert_true(shows_text_exactly(ui, ".se") && shows_text_exactly(ui, ".com"));
        assert_false(ui_find(ui, FLOW_ACT_SPACE, 0, NULL));
        assert_true(ui_find(ui, FLOW_ACT_CHAR, 'q', NULL));
        assert_true(ui_find(ui, FLOW_ACT_SUBMIT, 0, NULL));
    }
    /* Shift on: its key is drawn chosen (the accent), and the letters in the other case. */
    FlowView v = base_view(FLOW_SEARCH, &ev);
    v.keyboard_shift = true;
    v.keyboard_upper = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Q") && shows_text_exactly(ui, "Ö"));
    ui_free(ui);
}

/* Portrait: the keyboard is docked full width at the bottom, the search field under the
 * top bar, and the results fill the height between: more rows on a taller screen. */
static void portrait_docks_the_keyboard_and_fills_with_results(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_SEARCH, &ev);
    static const char *const names[] = {"Lotta Söderberg", "Lars Berg",     "Lotta Bäckström",
                                        "Åsa Ångström",    "Örjan Öjmertz", "Anna-Karin Lindén",
                                        "Lena Ek",         "Leif Ås"};
    v.query = "l";
    for (int i = 0; i < FLOW_MAX_RESULTS && i < 8; i++) {
        v.results[i] = (FlowResult){names[i], "Norrby kommun", false};
    }
    v.result_count = FLOW_MAX_RESULTS < 8 ? FLOW_MAX_RESULTS : 8;
    v.match_count = v.result_count;
    assert_int_equal(ui_result_rows(800, 480, 0), 6);
    for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
        int w = SIZES[z].w, h = SIZES[z].h;
        if (h <= w) {
            continue;
        }
        ui_frame(ui, &v, w, h, -1, -1);
        UiTarget q, p, last;
        assert_true(ui_find(ui, FLOW_ACT_CHAR, 'q', &q));
        assert_true(ui_find(ui, FLOW_ACT_CHAR, 'p', &p));
        /* Full width, at the bottom. */
        assert_true(q.rect.x < w / 20);
        assert_true(ui_find(ui, FLOW_ACT_BACKSPACE, 0, &last));
        assert_true(last.rect.x + last.rect.w > w - w / 20);
        assert_true(ui_find(ui, FLOW_ACT_SPACE, 0, &last));
        assert_true(last.rect.y + last.rect.h > h - h / 40);
        /* Rows fill the space between the field and the keyboard's action. */
        int rows = ui_result_rows(w, h, 0);
        assert_true(rows >= 4);
        UiTarget first, walkin;
        assert_true(ui_find(ui, FLOW_ACT_PICK, 0, &first));
        assert_true(ui_find(ui, FLOW_ACT_WALKIN, 0, &walkin));
        assert_true(first.rect.w > w * 9 / 10); /* one column, full width */
        int shown = 0;
        for (int i = 0; i < 8; i++) {
            UiTarget t;
            if (ui_find(ui, FLOW_ACT_PICK, i, &t)) {
                shown++;
                assert_true(t.rect.y + t.rect.h <= walkin.rect.y);
            }
        }
        assert_int_equal(shown, rows < (int)v.result_count ? rows : (int)v.result_count);
    }
    ui_free(ui);
}

static void targets_do_not_overlap(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    static const char *const names[] = {"Lotta Söderberg", "Lars Berg",     "Lotta Bäckström",
                                        "Åsa Ångström",    "Örjan Öjmertz", "Anna-Karin Lindén"};
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_SEARCH, &ev);
    v.query = "l";
    for (int i = 0; i < 6; i++) {
        v.results[i].name = names[i];
        v.results[i].organisation = "Norrby kommun";
    }
    v.result_count = 6;
    v.match_count = 6;
    for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
        ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
        size_t n;
        const UiTarget *t = ui_targets(ui, &n);
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i + 1; j < n; j++) {
                UiRect a = t[i].rect, b = t[j].rect;
                bool overlap =
                    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
                if (overlap) {
                    fail_msg("'%s' %d overlaps '%s' %d at %dx%d", flow_action_name(t[i].action),
                             t[i].arg, flow_action_name(t[j].action), t[j].arg, SIZES[z].w,
                             SIZES[z].h);
                }
            }
        }
        /* All six, or as many rows as there are less one for "n more" (portrait). */
        int rows = ui_result_rows(SIZES[z].w, SIZES[z].h, 0);
        for (int i = 0; i < (rows >= 6 ? 6 : rows - 1); i++) {
            assert_true(ui_find(ui, FLOW_ACT_PICK, i, NULL));
        }
    }
    ui_free(ui);
}

/* Near misses come under "Menade du …?" (in the language on screen) and before "Inte på
 * listan?", which stays on the keyboard; a list longer than the screen gets up and down
 * buttons that move it a page, the up one only once it has moved. */
static void near_misses_and_scrolling(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_SEARCH, &ev);
    v.query = "söderbreg";
    v.results[0].name = "Lotta Söderberg";
    v.results[0].organisation = "Vattenbolaget Öst";
    v.result_count = v.match_count = 1;
    v.near_misses = true;
    static const Lang LANGS[] = {LANG_SV, LANG_EN};
    static const char *const ASK[] = {"Menade du …?", "Did you mean …?"};
    for (size_t l = 0; l < 2; l++) {
        v.lang = LANGS[l];
        ui_frame(ui, &v, 800, 480, -1, -1);
        assert_true(shows_text_exactly(ui, ASK[l]));
        assert_true(shows_text_exactly(ui, "Lotta Söderberg"));
        assert_true(ui_find(ui, FLOW_ACT_PICK, 0, NULL));
        assert_true(ui_find(ui, FLOW_ACT_WALKIN, 0, NULL));
        assert_false(ui_find(ui, FLOW_ACT_SCROLL, -ui_result_rows(800, 480, 0), NULL));
    }
    /* Plain matches say nothing of the kind. */
    v.near_misses = false;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(shows_text_exactly(ui, "Did you mean …?"));

    static const char *const names[] = {"Lotta Söderberg", "Lars Berg",     "Lotta Bäckström",
                                        "Åsa Ångström",    "Örjan Öjmertz", "Anna-Karin Lindén"};
    int page = ui_result_rows(800, 480, 0);
    assert_int_equal(page, 6);
    for (int i = 0; i < 6; i++) {
        v.results[i].name = names[i];
        v.results[i].organisation = "Norrby kommun";
    }
    v.result_count = 6;
    v.match_count = 40;
    v.more_below = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(ui_find(ui, FLOW_ACT_SCROLL, page, NULL));
    assert_false(ui_find(ui, FLOW_ACT_SCROLL, -page, NULL));
    v.result_first = 6;
    v.more_above = true;
    v.more_below = false;
    ui_frame(ui, &v, 1280, 800, -1, -1);
    assert_true(ui_find(ui, FLOW_ACT_SCROLL, -page, NULL));
    assert_false(ui_find(ui, FLOW_ACT_SCROLL, page, NULL));
    for (int i = 0; i < 6; i++) {
        assert_true(ui_find(ui, FLOW_ACT_PICK, i, NULL));
    }
    ui_free(ui);
}

static void layout_scales_with_the_screen(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_WELCOME, &ev);
    UiTarget small, big;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(ui_find(ui, FLOW_ACT_START, 0, &small));
    ui_frame(ui, &v, 1600, 960, -1, -1);
    assert_true(ui_find(ui, FLOW_ACT_START, 0, &big));
    assert_int_equal(big.rect.w, 2 * small.rect.w);
    assert_int_equal(big.rect.h, 2 * small.rect.h);
    /* A wider screen keeps the layout centred. */
    ui_frame(ui, &v, 1920, 480, -1, -1);
    assert_true(ui_find(ui, FLOW_ACT_START, 0, &big));
    assert_int_equal(big.rect.x + big.rect.w / 2, 960);
    ui_free(ui);
}

static void texts_follow_the_language(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_GREETING, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Välkommen, Lotta!"));
    v.lang = LANG_EN;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Welcome, Lotta!"));
    assert_false(shows_text_exactly(ui, "Välkommen, Lotta!"));
    v = base_view(FLOW_WELCOME, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Checka in"));
    assert_true(shows_text_exactly(ui, "English"));
    assert_true(shows_text_exactly(ui, "torsdag 26 november 2026 · 09:00 · Kommunhuset, sal B"));
    v.lang = LANG_EN;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Check in"));
    assert_true(shows_text_exactly(ui, "Svenska"));
    assert_true(shows_text_exactly(ui, "Thursday 26 November 2026 · 09:00 · Kommunhuset, sal B"));
    v = base_view(FLOW_ALREADY, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Du checkade in kl. 09:12. Välkommen in!"));
    ui_free(ui);
}

/* Whether the frame's texts, joined with spaces in drawing order, hold s (a wrapped
 * sentence is several text commands). */
static bool has_words(const Ui *ui, const char *s)
{
    static char all[8192];
    size_t n, len = 0;
    const UiCmd *c = ui_commands(ui, &n);
    all[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind == UI_CMD_TEXT && c[i].text) {
            len += (size_t)snprintf(all + len, sizeof all - len, "%s%s", len ? " " : "", c[i].text);
            if (len >= sizeof all) {
                break;
            }
        }
    }
    return strstr(all, s) != NULL;
}

/* Three kiosks sharing live as the admin screens see them: this one (online, 3 to send),
 * Entré norr (online, 12 behind) and one offline since 09:14 with no name known. */
static void with_kiosks(FlowView *v)
{
    v->sync_on = true;
    v->sync_state = SYNC_ONLINE;
    v->sync_message = "connected to nats://192.168.1.10:4222";
    v->kiosks_listed = true;
    v->kiosks_asked = true;
    v->stream_records = 1234;
    snprintf(v->kiosks_asked_at, sizeof v->kiosks_asked_at, "09:15:02");
    static const FlowKiosk k[] = {
        {"Kiosk A", true, true, "09:15", 0, 3},
        {"Entré norr – vid garderoben", false, true, "09:15", 12, -1},
        {"…a1b2c3", false, false, "09:14", 40, -1},
    };
    memcpy(v->kiosks, k, sizeof k);
    v->kiosk_count = 3;
    v->kiosks_online = 2;
}

static void kiosks_say_where_and_who_is_online(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    static const struct {
        bool elsewhere, sync_on;
        const char *place;
        const char *sv, *en;
    } already[] = {
        {true, true, "Kiosk A", "Du checkade in vid Kiosk A kl. 09:12. Välkommen in!",
         "You checked in at Kiosk A, 09:12. Come on in!"},
        {true, true, "", "Du checkade in vid en annan kiosk kl. 09:12. Välkommen in!",
         "You checked in at another kiosk at 09:12. Come on in!"},
        {false, true, "", "Du checkade in här kl. 09:12. Välkommen in!",
         "You checked in here at 09:12. Come on in!"},
        {false, false, "", "Du checkade in kl. 09:12. Välkommen in!",
         "You checked in at 09:12. Come on in!"},
    };
    for (size_t i = 0; i < COUNT_OF(already); i++) {
        FlowView v = base_view(FLOW_ALREADY, &ev);
        v.checkin_elsewhere = already[i].elsewhere;
        v.checkin_place = already[i].place;
        v.sync_on = already[i].sync_on;
        ui_frame(ui, &v, 800, 480, -1, -1);
        if (!has_words(ui, already[i].sv)) {
            fail_msg("case %zu: no '%s'", i, already[i].sv);
        }
        v.lang = LANG_EN;
        ui_frame(ui, &v, 800, 480, -1, -1);
        if (!has_words(ui, already[i].en)) {
            fail_msg("case %zu: no '%s'", i, already[i].en);
        }
    }
    /* The admin screen: the kiosks' button only when sharing live. */
    FlowView v = base_view(FLOW_ADMIN, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(has_action(ui, FLOW_ACT_KIOSKS));
    with_kiosks(&v);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_action(ui, FLOW_ACT_KIOSKS));
    assert_true(shows_text_exactly(ui, "Kiosker"));
    assert_true(shows_text_exactly(ui, "2 av 3 online"));
    v.sync_state = SYNC_OFFLINE;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Ej ansluten"));
    /* The list, at every size and in both languages, every text in its place. */
    for (size_t z = 0; z < COUNT_OF(SIZES); z++) {
        for (int lang = 0; lang < LANG_COUNT; lang++) {
            v = base_view(FLOW_ADMIN_KIOSKS, &ev);
            with_kiosks(&v);
            v.lang = (Lang)lang;
            ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
            assert_true(has_action(ui, FLOW_ACT_BACK));
            const char *over = NULL;
            if (ui_overflow(ui, &over)) {
                fail_msg("kiosks, lang %d at %dx%d: text does not fit: '%s'", lang, SIZES[z].w,
                         SIZES[z].h, over);
            }
        }
    }
    v = base_view(FLOW_ADMIN_KIOSKS, &ev);
    with_kiosks(&v);
    ui_frame(ui, &v, 800, 480, -1, -1);
    static const char *const sv[] = {
        "Kiosk A",           "i fas · 3 att skicka",
        "ansluten",          "12 efter",
        "senast sedd 09:14", "40 efter",
        "…a1b2c3",           "Servern har 1234 poster (frågad 09:15:02)"};
    for (size_t i = 0; i < COUNT_OF(sv); i++) {
        if (!shows_text_exactly(ui, sv[i])) {
            fail_msg("kiosk list: no '%s'", sv[i]);
        }
    }
    assert_true(shows_text(ui, "den här kiosken"));
    v.lang = LANG_EN;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "up to date · 3 to send"));
    assert_true(shows_text_exactly(ui, "last seen 09:14"));
    assert_true(shows_text_exactly(ui, "12 behind"));
    v.sync_state = SYNC_REFUSED;
    v.sync_message = "the server nats://192.168.1.10:4222 refused this kiosk's credentials";
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text(ui, "Refused: the server nats://192.168.1.10:4222 refused"));
    ui_free(ui);
}

static void long_names_are_shortened_not_spilled(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    snprintf(ev.title, sizeof ev.title,
             "Ett mycket långt namn på ett nätverksmöte som aldrig tycks ta slut utan fortsätter "
             "rad efter rad efter rad efter rad efter rad efter rad");
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_CONFIRM, &ev);
    v.chosen_name = "Maximiliana Charlotta Wilhelmina Söderberg-Ångström af Öjmertz";
    for (int screen = FLOW_WELCOME; screen < FLOW_SCREEN_COUNT; screen++) {
        v.screen = (FlowScreen)screen;
        ui_frame(ui, &v, 800, 480, -1, -1);
        const char *over = NULL;
        if (ui_overflow(ui, &over)) {
            fail_msg("screen %d: '%s' spills out", screen, over);
        }
        size_t n;
        const UiCmd *c = ui_commands(ui, &n);
        for (size_t i = 0; i < n; i++) {
            if (c[i].kind == UI_CMD_TEXT) {
                assert_true(text_valid_utf8(c[i].text, strlen(c[i].text)));
            }
        }
    }
    v.screen = FLOW_CONFIRM;
    ui_frame(ui, &v, 800, 480, -1, -1);
    size_t n;
    const UiCmd *c = ui_commands(ui, &n);
    bool ellipsis = false;
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind == UI_CMD_TEXT && strstr(c[i].text, "Maximiliana") &&
            strstr(c[i].text, "…")) {
            ellipsis = true;
        }
    }
    assert_true(ellipsis);
    ui_free(ui);
}

static void overflow_of_fixed_text_is_detected(void **state)
{
    (void)state;
    /* A measure that makes every text enormous: the check must notice. */
    Ui *ui = ui_new(fake_measure, NULL);
    EventInfo ev = demo_event();
    FlowView v = base_view(FLOW_WELCOME, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_overflow(ui, NULL));
    ui_free(ui);
    struct {
        int dummy;
    } ctx = {0};
    (void)ctx;
    ui = ui_new(NULL, NULL); /* no measure: zero widths never overflow */
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_overflow(ui, NULL));
    ui_free(ui);
}

static int wide_measure(void *ctx, UiFont font, const char *text, int *w, int *h)
{
    (void)ctx;
    *w = (int)(text_length(text) * font.px * 2.0);
    *h = font.px;
    return 0;
}

static void overflow_with_a_wide_font_is_reported(void **state)
{
    (void)state;
    Ui *ui = ui_new(wide_measure, NULL);
    EventInfo ev = demo_event();
    FlowView v = base_view(FLOW_CONFIRM, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    const char *first = NULL;
    assert_true(ui_overflow(ui, &first));
    assert_non_null(first);
    ui_free(ui);
}

static void pressed_button_looks_pressed(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_WELCOME, &ev);
    UiTarget start;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(ui_find(ui, FLOW_ACT_START, 0, &start));
    size_t n_up;
    const UiCmd *c = ui_commands(ui, &n_up);
    UiColor up = {0, 0, 0, 0};
    for (size_t i = 0; i < n_up; i++) {
        if (c[i].kind == UI_CMD_RECT && c[i].rect.x == start.rect.x &&
            c[i].rect.y == start.rect.y && c[i].rect.w == start.rect.w) {
            up = c[i].color;
        }
    }
    int px = start.rect.x + start.rect.w / 2, py = start.rect.y + start.rect.h / 2;
    ui_frame(ui, &v, 800, 480, px, py);
    UiTarget hit;
    assert_true(ui_hit(ui, px, py, &hit));
    assert_int_equal(hit.action, FLOW_ACT_START);
    size_t n_down;
    c = ui_commands(ui, &n_down);
    bool darker = false;
    for (size_t i = 0; i < n_down; i++) {
        if (c[i].kind == UI_CMD_RECT && c[i].rect.w == start.rect.w &&
            c[i].rect.h == start.rect.h && c[i].rect.y > start.rect.y && c[i].color.g < up.g) {
            darker = true;
        }
    }
    assert_true(darker);
    ui_free(ui);
}

static void idle_warning_captures_taps(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_SEARCH, &ev);
    v.idle_warning = true;
    v.idle_seconds_left = 7;
    ui_frame(ui, &v, 800, 480, -1, -1);
    /* The message may wrap onto two lines. */
    assert_true(shows_text(ui, "Är du kvar?"));
    assert_true(shows_text(ui, "7 s."));
    UiTarget hit;
    /* A tap on what was a key under the dimmed layer means "still here", not a letter. */
    assert_true(ui_hit(ui, 40, 300, &hit));
    assert_int_equal(hit.action, FLOW_ACT_STAY);
    ui_free(ui);
}

static void smileys_have_five_values_and_labels(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_QUESTION, &ev);
    v.answer = 4;
    ui_frame(ui, &v, 800, 480, -1, -1);
    for (int value = 1; value <= 5; value++) {
        assert_true(ui_find(ui, FLOW_ACT_RATE, value, NULL));
    }
    assert_false(ui_find(ui, FLOW_ACT_RATE, 0, NULL));
    /* Words as well as faces: colour is never the only signal. */
    static const char *const labels[] = {"Dåligt", "Okej", "Bra"};
    for (size_t i = 0; i < 3; i++) {
        if (!shows_text_exactly(ui, labels[i])) {
            fail_msg("no label '%s' under the smileys", labels[i]);
        }
    }
    assert_true(shows_text_exactly(ui, "Fråga 2 av 3"));
    size_t n, icons = 0;
    const UiCmd *c = ui_commands(ui, &n);
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind == UI_CMD_ICON && c[i].icon >= UI_ICON_SMILEY_1 &&
            c[i].icon <= UI_ICON_SMILEY_5) {
            icons++;
            assert_int_equal(c[i].rect.w, c[i].rect.h);
            assert_true(c[i].rect.w >= 90);
        }
    }
    assert_int_equal(icons, 5);
    ui_free(ui);
}

static void nps_scale_has_eleven_values(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_QUESTION, &ev);
    v.scale = EVENT_SCALE_NPS;
    ui_frame(ui, &v, 800, 480, -1, -1);
    for (int value = 0; value <= 10; value++) {
        assert_true(ui_find(ui, FLOW_ACT_RATE, value, NULL));
    }
    assert_true(shows_text_exactly(ui, "0") && shows_text_exactly(ui, "10"));
    assert_true(shows_text_exactly(ui, "Inte alls troligt") &&
                shows_text_exactly(ui, "Mycket troligt"));
    ui_free(ui);
}

static void reflection_counts_down_and_says_when_full(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_REFLECTION, &ev);
    v.reflection = "Erfarenhetsutbytet";
    v.reflection_chars = 18;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "122 tecken kvar"));
    v.reflection_chars = 140;
    v.lang = LANG_EN;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "At most 140 characters"));
    ui_free(ui);
}

/* The QR code as drawn: every module a whole number of pixels, with a quiet zone. */
static void qr_is_integer_scaled_with_quiet_zone(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_THANKS, &ev);
    for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z++) {
        ui_frame(ui, &v, SIZES[z].w, SIZES[z].h, -1, -1);
        size_t n;
        const UiCmd *c = ui_commands(ui, &n);
        /* The white square behind the code, then black runs inside it. */
        const UiCmd *quiet = NULL;
        int module = 0;
        for (size_t i = 0; i < n; i++) {
            if (c[i].kind != UI_CMD_RECT) {
                continue;
            }
            if (c[i].color.r == 255 && c[i].color.g == 255 && c[i].color.b == 255 &&
                c[i].radius == 0 && c[i].rect.w == c[i].rect.h) {
                quiet = &c[i];
            } else if (quiet && c[i].color.r == 0 && c[i].color.a == 255) {
                if (!module) {
                    module = c[i].rect.h;
                }
                assert_int_equal(c[i].rect.h, module);
                assert_int_equal(c[i].rect.w % module, 0);
                assert_int_equal((c[i].rect.x - quiet->rect.x) % module, 0);
                /* Nothing dark within four modules of the edge. */
                assert_true(c[i].rect.x >= quiet->rect.x + 4 * module);
                assert_true(c[i].rect.y >= quiet->rect.y + 4 * module);
                assert_true(c[i].rect.x + c[i].rect.w <=
                            quiet->rect.x + quiet->rect.w - 4 * module);
            }
        }
        assert_non_null(quiet);
        assert_true(module >= 1);
        assert_int_equal(quiet->rect.w % module, 0);
        /* About 25 mm or more on a 7" 800x480 panel (about 5.2 px per mm). */
        double scale =
            SIZES[z].w / 800.0 < SIZES[z].h / 480.0 ? SIZES[z].w / 800.0 : SIZES[z].h / 480.0;
        assert_true(quiet->rect.w >= 130 * scale);
        /* The address a person could type: no scheme, and no token when it does not fit. */
        assert_true(shows_text_exactly(ui, "forms.example.org/f"));
    }
    ui_free(ui);
}

static void welcome_offers_the_meetings_phases(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_WELCOME, &ev);
    v.offers_feedback = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(ui_find(ui, FLOW_ACT_START, 0, NULL));
    assert_true(ui_find(ui, FLOW_ACT_FEEDBACK, 0, NULL));
    assert_true(shows_text_exactly(ui, "Lämna feedback"));
    v.offers_checkin = false;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_find(ui, FLOW_ACT_START, 0, NULL));
    assert_true(ui_find(ui, FLOW_ACT_FEEDBACK, 0, NULL));
    ui_free(ui);
}

static void admin_corner_is_on_the_welcome_screen_only(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_WELCOME, &ev);
    UiTarget t;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(ui_hit(ui, 5, 5, &t));
    assert_int_equal(t.action, FLOW_ACT_ADMIN);
    /* The corner opens by a hold, and is the only target that needs one. */
    assert_int_equal(t.hold_ms, FLOW_ADMIN_HOLD_MS);
    size_t n;
    const UiTarget *all = ui_targets(ui, &n);
    size_t holds = 0;
    for (size_t i = 0; i < n; i++) {
        holds += all[i].hold_ms != 0;
    }
    assert_int_equal(holds, 1);
    /* Corner only: the middle of the screen is no way in. */
    assert_false(ui_hit(ui, 400, 40, &t) && t.action == FLOW_ACT_ADMIN);
    /* On a wider screen the layout is centred, but the corner is still the screen's. */
    ui_frame(ui, &v, 1920, 1080, -1, -1);
    assert_true(ui_hit(ui, 3, 3, &t));
    assert_int_equal(t.action, FLOW_ACT_ADMIN);
    v.screen = FLOW_SEARCH;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_find(ui, FLOW_ACT_ADMIN, 0, NULL));
    all = ui_targets(ui, &n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(all[i].hold_ms, 0);
    }
    ui_free(ui);
}

static void pin_pad_shows_dots_and_the_lockout(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_ADMIN_PIN, &ev);
    v.pin_digits = 4;
    v.pin_wait_seconds = 30;
    ui_frame(ui, &v, 800, 480, -1, -1);
    for (int d = 0; d <= 9; d++) {
        assert_true(ui_find(ui, FLOW_ACT_DIGIT, d, NULL));
    }
    assert_true(shows_text_exactly(ui, "För många försök. Försök igen om 30 s."));
    v.pin_missing = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_find(ui, FLOW_ACT_DIGIT, 1, NULL));
    assert_true(shows_text(ui, "set-pin"));
    ui_free(ui);
}

static void admin_marks_the_phase_in_force(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_ADMIN, &ev);
    StoreStats st = {.expected = 120, .checked_in = 43, .walk_ins = 2};
    v.stats = &st;
    v.phases = EVENT_PHASE_FEEDBACK;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "120") && shows_text_exactly(ui, "43"));
    for (int ph = EVENT_PHASE_CHECKIN; ph <= EVENT_PHASE_BOTH; ph++) {
        assert_true(ui_find(ui, FLOW_ACT_PHASE, ph, NULL));
    }
    v.purge_due = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text(ui, "purge")); /* the note may wrap between the words */
    ui_free(ui);
}

/* A 0-10 question's line on the admin screen is its NPS with the number of answers, once
 * there are as many as the report's smallest group; a smiley question keeps its mean. */
static void admin_shows_the_nps_of_a_0_10_question(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_ADMIN, &ev);
    StoreFeedbackStats fb = {.sessions = 10};
    /* Question 1, smileys: 4, 4, 5. Question 2, 0-10: 10 answers, 5 promoters (9, 9, 10,
     * 10, 10), 2 passives, 3 detractors: +20. */
    fb.counts[0][4] = 2;
    fb.counts[0][5] = 1;
    static const int64_t ten[11] = {1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 3};
    memcpy(fb.counts[1], ten, sizeof ten);
    v.feedback = &fb;
    v.question_count = 2;
    v.question_scales[0] = EVENT_SCALE_SMILEYS;
    v.question_scales[1] = EVENT_SCALE_NPS;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "F1: medel 4,3 (3)"));
    assert_true(shows_text_exactly(ui, "F2: NPS +20 (10)"));
    assert_false(shows_text(ui, "F2: medel"));
    v.lang = LANG_EN;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Q2: NPS +20 (10)"));
    /* Four answers: fewer than the report shows (5), so no score yet. */
    static const int64_t four[11] = {0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2};
    memcpy(fb.counts[1], four, sizeof four);
    v.lang = LANG_SV;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "F2: NPS visas från 5 svar (4)"));
    assert_false(shows_text(ui, "NPS +"));
    /* Detractors outweigh: the minus sign. */
    static const int64_t low[11] = {3, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1};
    memcpy(fb.counts[1], low, sizeof low);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "F2: NPS \xE2\x88\x92"
                                       "67 (6)"));
    ui_free(ui);
}

/* The words under the scale are the view's (the event's), under the smileys and at the
 * ends of 0-10; a view without them gets the kiosk's own. */
static void question_shows_the_events_scale_words(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_QUESTION, &ev);
    v.question_count = 2;
    v.question_text = "Fick du med dig något du kan använda?";
    v.scale = EVENT_SCALE_SMILEYS;
    static const char *const five[] = {"Inte alls", "Lite", "Något", "Mycket", "Väldigt mycket"};
    for (int i = 0; i < 5; i++) {
        v.scale_words[i] = five[i];
    }
    ui_frame(ui, &v, 800, 480, -1, -1);
    for (int i = 0; i < 5; i++) {
        assert_true(shows_text(ui, five[i]) || (i == 4 && shows_text(ui, "Väldigt")));
    }
    assert_false(shows_text_exactly(ui, "Mycket dåligt"));
    v.scale = EVENT_SCALE_NPS;
    v.scale_words[0] = "Aldrig";
    v.scale_words[1] = "Absolut";
    v.scale_words[2] = v.scale_words[3] = v.scale_words[4] = NULL;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Aldrig") && shows_text_exactly(ui, "Absolut"));
    assert_false(shows_text_exactly(ui, "Inte alls troligt"));
    v.scale_words[0] = v.scale_words[1] = NULL;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Inte alls troligt"));
    ui_free(ui);
}

/* The fill colour of the face under target (action, arg): the last rectangle drawn before
 * the target's text that covers the target's centre. */
static bool target_filled(const Ui *ui, FlowAction a, int arg, UiColor c)
{
    UiTarget t;
    if (!ui_find(ui, a, arg, &t)) {
        return false;
    }
    size_t n;
    const UiCmd *cmd = ui_commands(ui, &n);
    int cx = t.rect.x + t.rect.w / 2, cy = t.rect.y + t.rect.h / 2;
    for (size_t i = 0; i < n; i++) {
        if (cmd[i].kind == UI_CMD_RECT && cmd[i].color.r == c.r && cmd[i].color.g == c.g &&
            cmd[i].color.b == c.b && cx >= cmd[i].rect.x && cx < cmd[i].rect.x + cmd[i].rect.w &&
            cy >= cmd[i].rect.y && cy < cmd[i].rect.y + cmd[i].rect.h) {
            return true;
        }
    }
    return false;
}

static void leaving_and_undo_ask_first_in_red(void **state)
{
    (void)state;
    const UiColor red = {178, 34, 34, 255}, teal = {11, 110, 99, 255};
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_ADMIN, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(target_filled(ui, FLOW_ACT_QUIT, 0, red));
    assert_false(target_filled(ui, FLOW_ACT_EXPORT, 0, red));
    for (int lang = 0; lang < LANG_COUNT; lang++) {
        v = base_view(FLOW_ADMIN_ASK, &ev);
        v.lang = (Lang)lang;
        v.ask = FLOW_ASK_QUIT;
        ui_frame(ui, &v, 800, 480, -1, -1);
        /* Says what happens next on a Pi (the text wraps, so in parts). */
        assert_true(shows_text(ui, "Raspberry") && shows_text(ui, "systemctl"));
        assert_true(target_filled(ui, FLOW_ACT_CONFIRM, 0, red));
        assert_false(target_filled(ui, FLOW_ACT_BACK, 0, red));
        v.ask = FLOW_ASK_UNDO;
        ui_frame(ui, &v, 800, 480, -1, -1);
        assert_true(shows_text_exactly(ui, "Anna-Karin Lindén-Wikström"));
        assert_true(target_filled(ui, FLOW_ACT_CONFIRM, 0, red));
        assert_false(target_filled(ui, FLOW_ACT_CONFIRM, 0, teal));
    }
    ui_free(ui);
}

static void undo_list_searches_pages_and_restores(void **state)
{
    (void)state;
    EventInfo ev = demo_event();
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_ADMIN_UNDO, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    /* Checked in: undo; undone: restore, with the time it was undone. */
    assert_true(ui_find(ui, FLOW_ACT_UNDO, 0, NULL) && ui_find(ui, FLOW_ACT_UNDO, 2, NULL));
    assert_true(ui_find(ui, FLOW_ACT_RESTORE, 1, NULL) && ui_find(ui, FLOW_ACT_RESTORE, 3, NULL));
    assert_false(ui_find(ui, FLOW_ACT_RESTORE, 0, NULL) || ui_find(ui, FLOW_ACT_UNDO, 1, NULL));
    assert_true(shows_text_exactly(ui, "Ångrad 11:41"));
    assert_true(shows_text_exactly(ui, "Sida 2 av 3"));
    assert_true(ui_find(ui, FLOW_ACT_PAGE, -1, NULL) && ui_find(ui, FLOW_ACT_PAGE, 1, NULL));
    /* The keyboard types into the search field. */
    assert_true(ui_find(ui, FLOW_ACT_CHAR, 'a', NULL) && ui_find(ui, FLOW_ACT_BACKSPACE, 0, NULL));
    assert_true(shows_text_exactly(ui, "Sök namn eller organisation"));
    /* The first page has no "previous", the last no "next". */
    v.undo_page = 0;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_find(ui, FLOW_ACT_PAGE, -1, NULL));
    v.undo_page = 2;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_find(ui, FLOW_ACT_PAGE, 1, NULL));
    /* A query nobody matches says so. */
    v.undo_query = "zz";
    v.recent_count = 0;
    v.undo_pages = 1;
    v.undo_page = 0;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text(ui, "zz"));
    ui_free(ui);
}

static void no_meeting_says_how_to_load_one(void **state)
{
    (void)state;
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_WELCOME, NULL);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(shows_text_exactly(ui, "Inget möte är inläst"));
    assert_false(ui_find(ui, FLOW_ACT_START, 0, NULL));
    ui_free(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_screen_offers_its_actions_at_every_size),
        cmocka_unit_test(keyboard_has_swedish_letters),
        cmocka_unit_test(targets_do_not_overlap),
        cmocka_unit_test(near_misses_and_scrolling),
        cmocka_unit_test(every_screen_keeps_the_millimetre_rules),
        cmocka_unit_test(welcome_footer_speaks_the_screens_language),
        cmocka_unit_test(long_title_wraps_and_shrinks),
        cmocka_unit_test(keyboard_layers),
        cmocka_unit_test(portrait_docks_the_keyboard_and_fills_with_results),
        cmocka_unit_test(layout_scales_with_the_screen),
        cmocka_unit_test(texts_follow_the_language),
        cmocka_unit_test(kiosks_say_where_and_who_is_online),
        cmocka_unit_test(long_names_are_shortened_not_spilled),
        cmocka_unit_test(overflow_of_fixed_text_is_detected),
        cmocka_unit_test(overflow_with_a_wide_font_is_reported),
        cmocka_unit_test(pressed_button_looks_pressed),
        cmocka_unit_test(idle_warning_captures_taps),
        cmocka_unit_test(smileys_have_five_values_and_labels),
        cmocka_unit_test(nps_scale_has_eleven_values),
        cmocka_unit_test(reflection_counts_down_and_says_when_full),
        cmocka_unit_test(qr_is_integer_scaled_with_quiet_zone),
        cmocka_unit_test(welcome_offers_the_meetings_phases),
        cmocka_unit_test(admin_corner_is_on_the_welcome_screen_only),
        cmocka_unit_test(pin_pad_shows_dots_and_the_lockout),
        cmocka_unit_test(admin_marks_the_phase_in_force),
        cmocka_unit_test(admin_shows_the_nps_of_a_0_10_question),
        cmocka_unit_test(question_shows_the_events_scale_words),
        cmocka_unit_test(no_meeting_says_how_to_load_one),
        cmocka_unit_test(leaving_and_undo_ask_first_in_red),
        cmocka_unit_test(undo_list_searches_pages_and_restores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
