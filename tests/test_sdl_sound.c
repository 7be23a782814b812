/* Tests for the check-in sounds (app/sdl/sound.c through the shell), on SDL's disk audio
 * driver: what the kiosk plays is written to a file, byte for byte in the format the
 * device was opened with, which is the bundled WAVs' own. So the file must hold the right
 * WAV's samples exactly, for checked in, already checked in and an unknown code, with
 * only silence before and after them; with the event's sound off (the default), and for a search
 * that finds nobody, no device is opened and no file is written.
 *
 * The disk driver plays in real time (one buffer per buffer's length): each sound takes
 * its length, about 0.3 s, and the test waits for the shell to close the device, with a
 * bound of seconds; nothing is asserted about how long it took.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <SDL.h>

#include "core/ids.h"
#include "kiosk.h"
#include "sdl/shell.h"
#include "sdl_input.h"
#include "support.h"

typedef struct Rig {
    char db[1100], audio[1100];
    Store *store;
    KioskRandom rnd;
    Flow *flow;
    Shell *sh;
    char event_id[IDS_UUID_LEN + 1];
} Rig;

static void put_sound(Rig *r, bool on)
{
    EventInfo ev = kiosk_event();
    ev.sound = on;
    assert_int_equal(store_event_put(r->store, &ev, ids_now_ms(), r->event_id), STORE_OK);
}

static void rig_open(Rig *r, const char *name, bool sound)
{
    memset(r, 0, sizeof *r);
    const char *tmp = env_or_fail("MINGEL_TEST_TMP");
    snprintf(r->db, sizeof r->db, "%s/%s.db", tmp, name);
    snprintf(r->audio, sizeof r->audio, "%s/%s.raw", tmp, name);
    unlink(r->audio);
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", r->audio, 1);
    r->store = fresh_store(r->db, ids_os_random, NULL);
    assert_int_equal(kiosk_setup(r->store, 5, ids_now_ms(), r->event_id), STORE_OK);
    put_sound(r, sound);
    r->rnd.state = 7;
    r->flow = kiosk_flow(r->store, &r->rnd, ids_now_ms());
    assert_non_null(r->flow);
    ShellOptions opt = {.windowed = true,
                        .width = 320,
                        .height = 200,
                        .software = true,
                        .data_dir = env_or_fail("MINGEL_TEST_ROOT")};
    r->sh = sdl_open_shell(&opt, r->flow);
}

static void rig_close(Rig *r)
{
    shell_close(r->sh);
    flow_free(r->flow);
    store_close(r->store);
}

static bool playing(Rig *r)
{
    ShellStats st;
    shell_stats(r->sh, &st);
    return st.sound_playing;
}

/* Lets the shell run until no sound plays (at most 5 s). */
static void settle(Rig *r)
{
    shell_invalidate(r->sh);
    shell_step(r->sh, 0);
    for (int i = 0; i < 500 && playing(r); i++) {
        shell_step(r->sh, 10);
    }
    assert_false(playing(r));
}

/* The code scanned, then the shell run until its sound (if any) has played. */
static void scan(Rig *r, const char *code)
{
    flow_scan(r->flow, code, ids_now_ms());
    settle(r);
}

/* The code scanned: the flow shows want at once; then the shell runs until its sound has
 * played. */
static void scan_to(Rig *r, const char *code, FlowScreen want)
{
    flow_scan(r->flow, code, ids_now_ms());
    assert_int_equal(flow_view(r->flow)->screen, want);
    settle(r);
}

/* Reads the disk driver's file; NULL when it was not written. */
static Uint8 *read_audio(const Rig *r, size_t *len)
{
    FILE *f = fopen(r->audio, "rb");
    if (!f) {
        return NULL;
    }
    Uint8 *buf = malloc(1 << 22);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 22, f);
    fclose(f);
    return buf;
}

/* The file played is the WAV's samples, then silence. */
static void expect_played(Rig *r, const char *wav, const char *what)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/assets/sounds/%s", env_or_fail("MINGEL_TEST_ROOT"), wav);
    SDL_AudioSpec spec;
    Uint8 *pcm = NULL;
    Uint32 n = 0;
    if (!SDL_LoadWAV(path, &spec, &pcm, &n)) {
        fail_msg("%s: %s", path, SDL_GetError());
    }
    assert_int_equal(spec.format, AUDIO_S16LSB);
    assert_int_equal(spec.channels, 1);
    size_t len = 0;
    Uint8 *got = read_audio(r, &len);
    if (!got) {
        fail_msg("%s: nothing was played", what);
    }
    /* The device may play a buffer of silence before the queued sound (SDL feeds a paused
     * device silence): the sound starts where the first sample that is not zero says. */
    size_t first_got = 0, first_wav = 0;
    while (first_got < len && got[first_got] == 0) {
        first_got++;
    }
    while (first_wav < n && pcm[first_wav] == 0) {
        first_wav++;
    }
    size_t at = first_got >= first_wav ? first_got - first_wav : 1;
    if (at % 2 != 0 || len < at + n || memcmp(got + at, pcm, n) != 0) {
        fail_msg("%s: the audio written (%zu bytes) does not hold %s (%u bytes) after silence",
                 what, len, wav, (unsigned)n);
    }
    for (size_t i = at + n; i < len; i++) {
        if (got[i] != 0) {
            fail_msg("%s: byte %zu after the sound is %u, not silence", what, i, got[i]);
        }
    }
    free(got);
    SDL_FreeWAV(pcm);
    unlink(r->audio);
}

static void expect_silence(Rig *r, const char *what)
{
    size_t len = 0;
    Uint8 *got = read_audio(r, &len);
    if (got) {
        free(got);
        fail_msg("%s: the audio device was opened (%zu bytes written)", what, len);
    }
}

static void each_outcome_plays_its_own_sound(void **state)
{
    (void)state;
    Rig r;
    rig_open(&r, "sound-on", true);
    char ticket[8];
    kiosk_person_ticket(0, ticket);

    scan_to(&r, ticket, FLOW_GREETING);
    expect_played(&r, "checked-in.wav", "checked in");

    scan_to(&r, ticket, FLOW_ALREADY);
    expect_played(&r, "already.wav", "already checked in");

    scan_to(&r, "Z-99999", FLOW_NOTICE);
    expect_played(&r, "unknown.wav", "unknown code");

    /* A search that finds nobody is no sound. */
    flow_act(r.flow, FLOW_ACT_DONE, 0, ids_now_ms());
    flow_text(r.flow, "qqqq", ids_now_ms());
    assert_int_equal(flow_view(r.flow)->screen, FLOW_SEARCH);
    assert_int_equal(flow_view(r.flow)->result_count, 0);
    settle(&r);
    expect_silence(&r, "a search without matches");

    /* A walk-in who registers is checked in: the same sound. */
    flow_act(r.flow, FLOW_ACT_WALKIN, 0, ids_now_ms());
    flow_act(r.flow, FLOW_ACT_SUBMIT, 0, ids_now_ms());
    assert_int_equal(flow_view(r.flow)->screen, FLOW_GREETING);
    settle(&r);
    expect_played(&r, "checked-in.wav", "walk-in");
    rig_close(&r);
}

static void three_sounds_differ(void **state)
{
    (void)state;
    static const char *const wavs[] = {"checked-in.wav", "already.wav", "unknown.wav"};
    Uint8 *pcm[3];
    Uint32 n[3];
    assert_int_equal(SDL_Init(0), 0);
    for (int i = 0; i < 3; i++) {
        char path[2048];
        SDL_AudioSpec spec;
        snprintf(path, sizeof path, "%s/assets/sounds/%s", env_or_fail("MINGEL_TEST_ROOT"),
                 wavs[i]);
        assert_non_null(SDL_LoadWAV(path, &spec, &pcm[i], &n[i]));
        /* Short: under half a second at 22,050 Hz, 16-bit mono. */
        assert_true(spec.freq == 22050 && n[i] > 0 && n[i] < 22050);
    }
    for (int i = 0; i < 3; i++) {
        for (int j = i + 1; j < 3; j++) {
            assert_false(n[i] == n[j] && memcmp(pcm[i], pcm[j], n[i]) == 0);
        }
        SDL_FreeWAV(pcm[i]);
    }
    SDL_Quit();
}

static void sound_off_plays_nothing(void **state)
{
    (void)state;
    Rig r;
    rig_open(&r, "sound-off", false);
    char ticket[8];
    kiosk_person_ticket(1, ticket);
    scan_to(&r, ticket, FLOW_GREETING);
    scan(&r, ticket);
    scan(&r, "Z-99999");
    expect_silence(&r, "sound off");
    rig_close(&r);
}

static void missing_audio_is_silence_not_an_error(void **state)
{
    (void)state;
    Rig r;
    rig_open(&r, "sound-nodriver", true);
    setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    char ticket[8];
    kiosk_person_ticket(2, ticket);
    scan(&r, ticket);
    assert_int_equal(flow_view(r.flow)->screen, FLOW_GREETING);
    expect_silence(&r, "no audio driver");
    /* The kiosk goes on: the next check-in works. */
    kiosk_person_ticket(3, ticket);
    scan(&r, ticket);
    assert_int_equal(flow_view(r.flow)->screen, FLOW_GREETING);
    rig_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_sounds_differ),
        cmocka_unit_test(each_outcome_plays_its_own_sound),
        cmocka_unit_test(sound_off_plays_nothing),
        cmocka_unit_test(missing_audio_is_silence_not_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
