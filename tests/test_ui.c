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

static int fake_measure(void *ctx, UiFont font, const char *text, int *w, int *h)
{
    (void)ctx;
    double em = font.weight == UI_BOLD ? 0.65 : 0.6;
    *w = (int)(text_length(text) * font.px * em + 0.5);
    *h = (int)(font.px * 1.36 + 0.5);
    return 0;
}

static EventInfo demo_event(void)
{
    EventInfo ev = {0};
    snprintf(ev.title, sizeof ev.title, "Driftchefsnätverket – höstträff");
    snprintf(ev.date, sizeof ev.date, "2026-11-26");
    snprintf(ev.start_time, sizeof ev.start_time, "09:00");
    snprintf(ev.venue, sizeof ev.venue, "Kommunhuset, sal B");
    snprintf(ev.theme, sizeof ev.theme, "Kompetensförsörjning: så rekryterar vi");
    snprintf(ev.organiser, sizeof ev.organiser, "Kommunförbundet");
    snprintf(ev.language, sizeof ev.language, "sv");
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
    return v;
}

static bool has_text_part(const Ui *ui, const char *s)
{
    size_t n;
    const UiCmd *c = ui_commands(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].kind == UI_CMD_TEXT && c[i].text && strstr(c[i].text, s))
            return true;
    return false;
}

static bool has_text(const Ui *ui, const char *s)
{
    size_t n;
    const UiCmd *c = ui_commands(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].kind == UI_CMD_TEXT && c[i].text && strcmp(c[i].text, s) == 0)
            return true;
    return false;
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
    {FLOW_ADMIN_UNDO, {FLOW_ACT_BACK}},
    {FLOW_ADMIN_CLOCK, {FLOW_ACT_CLOCK_ADJUST, FLOW_ACT_CLOCK_SAVE, FLOW_ACT_BACK}},
};

static const struct {
    int w, h;
} SIZES[] = {{800, 480}, {1024, 600}, {1280, 800}, {1920, 1080}, {3840, 2160}};

static bool has_action(const Ui *ui, FlowAction a)
{
    size_t n;
    const UiTarget *t = ui_targets(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (t[i].action == a)
            return true;
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
                    if (!has_action(ui, SCREENS[s].needs[k]))
                        fail_msg("screen %d at %dx%d lacks a '%s' target", SCREENS[s].screen,
                                 SIZES[z].w, SIZES[z].h, flow_action_name(SCREENS[s].needs[k]));
                }
                size_t n;
                const UiTarget *t = ui_targets(ui, &n);
                /* Finger-sized (about 9 mm on a 7" 800x480 panel) and on screen. */
                double scale = SIZES[z].w / 800.0 < SIZES[z].h / 480.0 ? SIZES[z].w / 800.0
                                                                       : SIZES[z].h / 480.0;
                for (size_t i = 0; i < n; i++) {
                    UiRect r = t[i].rect;
                    if (r.w < 46 * scale - 1 || r.h < 46 * scale - 1)
                        fail_msg("target '%s' %d is %dx%d at %dx%d: too small to tap",
                                 flow_action_name(t[i].action), t[i].arg, r.w, r.h, SIZES[z].w,
                                 SIZES[z].h);
                    assert_true(r.x >= 0 && r.y >= 0);
                    assert_true(r.x + r.w <= SIZES[z].w && r.y + r.h <= SIZES[z].h);
                }
                const char *over = NULL;
                if (ui_overflow(ui, &over))
                    fail_msg("screen %d lang %d at %dx%d: text does not fit: '%s'",
                             SCREENS[s].screen, lang, SIZES[z].w, SIZES[z].h, over);
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
        if (!ui_find(ui, FLOW_ACT_CHAR, (int)cp, NULL))
            fail_msg("no key for '%.*s'", (int)n, p);
        p += n;
    }
    assert_true(ui_find(ui, FLOW_ACT_SPACE, 0, NULL));
    assert_true(ui_find(ui, FLOW_ACT_CLEAR, 0, NULL));
    assert_true(has_text(ui, "å") && has_text(ui, "ä") && has_text(ui, "ö"));
    /* The walk-in keyboard shows capitals when the next letter starts a word. */
    v = base_view(FLOW_WALKIN, &ev);
    v.keyboard_upper = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_text(ui, "Å") && has_text(ui, "Q"));
    assert_false(has_text(ui, "q"));
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
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                UiRect a = t[i].rect, b = t[j].rect;
                bool overlap =
                    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
                if (overlap)
                    fail_msg("'%s' %d overlaps '%s' %d at %dx%d", flow_action_name(t[i].action),
                             t[i].arg, flow_action_name(t[j].action), t[j].arg, SIZES[z].w,
                             SIZES[z].h);
            }
        for (int i = 0; i < 6; i++)
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
    assert_true(has_text(ui, "Välkommen, Lotta!"));
    v.lang = LANG_EN;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_text(ui, "Welcome, Lotta!"));
    assert_false(has_text(ui, "Välkommen, Lotta!"));
    v = base_view(FLOW_WELCOME, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_text(ui, "Checka in"));
    assert_true(has_text(ui, "English"));
    assert_true(has_text(ui, "torsdag 26 november 2026 · 09:00 · Kommunhuset, sal B"));
    v.lang = LANG_EN;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_text(ui, "Check in"));
    assert_true(has_text(ui, "Svenska"));
    assert_true(has_text(ui, "Thursday 26 November 2026 · 09:00 · Kommunhuset, sal B"));
    v = base_view(FLOW_ALREADY, &ev);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_text(ui, "Du checkade in kl. 09:12. Välkommen in!"));
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
        if (ui_overflow(ui, &over))
            fail_msg("screen %d: '%s' spills out", screen, over);
        size_t n;
        const UiCmd *c = ui_commands(ui, &n);
        for (size_t i = 0; i < n; i++)
            if (c[i].kind == UI_CMD_TEXT)
                assert_true(text_valid_utf8(c[i].text, strlen(c[i].text)));
    }
    v.screen = FLOW_CONFIRM;
    ui_frame(ui, &v, 800, 480, -1, -1);
    size_t n;
    const UiCmd *c = ui_commands(ui, &n);
    bool ellipsis = false;
    for (size_t i = 0; i < n; i++)
        if (c[i].kind == UI_CMD_TEXT && strstr(c[i].text, "Maximiliana") && strstr(c[i].text, "…"))
            ellipsis = true;
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
    for (size_t i = 0; i < n_up; i++)
        if (c[i].kind == UI_CMD_RECT && c[i].rect.x == start.rect.x &&
            c[i].rect.y == start.rect.y && c[i].rect.w == start.rect.w)
            up = c[i].color;
    int px = start.rect.x + start.rect.w / 2, py = start.rect.y + start.rect.h / 2;
    ui_frame(ui, &v, 800, 480, px, py);
    UiTarget hit;
    assert_true(ui_hit(ui, px, py, &hit));
    assert_int_equal(hit.action, FLOW_ACT_START);
    size_t n_down;
    c = ui_commands(ui, &n_down);
    bool darker = false;
    for (size_t i = 0; i < n_down; i++)
        if (c[i].kind == UI_CMD_RECT && c[i].rect.w == start.rect.w &&
            c[i].rect.h == start.rect.h && c[i].rect.y > start.rect.y && c[i].color.g < up.g)
            darker = true;
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
    assert_true(has_text_part(ui, "Är du kvar?"));
    assert_true(has_text_part(ui, "7 s."));
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
    for (int value = 1; value <= 5; value++)
        assert_true(ui_find(ui, FLOW_ACT_RATE, value, NULL));
    assert_false(ui_find(ui, FLOW_ACT_RATE, 0, NULL));
    /* Words as well as faces: colour is never the only signal. */
    static const char *const labels[] = {"Dåligt", "Okej", "Bra"};
    for (size_t i = 0; i < 3; i++)
        if (!has_text(ui, labels[i]))
            fail_msg("no label '%s' under the smileys", labels[i]);
    assert_true(has_text(ui, "Fråga 2 av 3"));
    size_t n, icons = 0;
    const UiCmd *c = ui_commands(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].kind == UI_CMD_ICON && c[i].icon >= UI_ICON_SMILEY_1 &&
            c[i].icon <= UI_ICON_SMILEY_5) {
            icons++;
            assert_int_equal(c[i].rect.w, c[i].rect.h);
            assert_true(c[i].rect.w >= 90);
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
    for (int value = 0; value <= 10; value++)
        assert_true(ui_find(ui, FLOW_ACT_RATE, value, NULL));
    assert_true(has_text(ui, "0") && has_text(ui, "10"));
    assert_true(has_text(ui, "Inte alls troligt") && has_text(ui, "Mycket troligt"));
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
    assert_true(has_text(ui, "122 tecken kvar"));
    v.reflection_chars = 140;
    v.lang = LANG_EN;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_text(ui, "At most 140 characters"));
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
            if (c[i].kind != UI_CMD_RECT)
                continue;
            if (c[i].color.r == 255 && c[i].color.g == 255 && c[i].color.b == 255 &&
                c[i].radius == 0 && c[i].rect.w == c[i].rect.h)
                quiet = &c[i];
            else if (quiet && c[i].color.r == 0 && c[i].color.a == 255) {
                if (!module)
                    module = c[i].rect.h;
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
        assert_true(has_text(ui, "forms.example.org/f"));
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
    assert_true(has_text(ui, "Lämna feedback"));
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
    /* Corner only: the middle of the screen is no way in. */
    assert_false(ui_hit(ui, 400, 40, &t) && t.action == FLOW_ACT_ADMIN);
    /* On a wider screen the layout is centred, but the corner is still the screen's. */
    ui_frame(ui, &v, 1920, 1080, -1, -1);
    assert_true(ui_hit(ui, 3, 3, &t));
    assert_int_equal(t.action, FLOW_ACT_ADMIN);
    v.screen = FLOW_SEARCH;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_find(ui, FLOW_ACT_ADMIN, 0, NULL));
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
    for (int d = 0; d <= 9; d++)
        assert_true(ui_find(ui, FLOW_ACT_DIGIT, d, NULL));
    assert_true(has_text(ui, "För många försök. Försök igen om 30 s."));
    v.pin_missing = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_false(ui_find(ui, FLOW_ACT_DIGIT, 1, NULL));
    assert_true(has_text_part(ui, "mingel set-pin"));
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
    assert_true(has_text(ui, "120") && has_text(ui, "43"));
    for (int ph = EVENT_PHASE_CHECKIN; ph <= EVENT_PHASE_BOTH; ph++)
        assert_true(ui_find(ui, FLOW_ACT_PHASE, ph, NULL));
    v.purge_due = true;
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_text_part(ui, "mingel purge"));
    ui_free(ui);
}

static void no_meeting_says_how_to_load_one(void **state)
{
    (void)state;
    Ui *ui = ui_new(fake_measure, NULL);
    FlowView v = base_view(FLOW_WELCOME, NULL);
    ui_frame(ui, &v, 800, 480, -1, -1);
    assert_true(has_text(ui, "Inget möte är inläst"));
    assert_false(ui_find(ui, FLOW_ACT_START, 0, NULL));
    ui_free(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_screen_offers_its_actions_at_every_size),
        cmocka_unit_test(keyboard_has_swedish_letters),
        cmocka_unit_test(targets_do_not_overlap),
        cmocka_unit_test(layout_scales_with_the_screen),
        cmocka_unit_test(texts_follow_the_language),
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
        cmocka_unit_test(no_meeting_says_how_to_load_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
