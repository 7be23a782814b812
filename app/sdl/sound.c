/* sound: short sounds through SDL audio (contract in sound.h).
 *
 * The WAVs are read at the first sound (the kiosk starts as fast without them), converted
 * once to the format the device is asked for, which is the files' own (16-bit mono, 22,050
 * Hz), so a driver that takes it as it is (the disk driver of the tests) plays the file's
 * samples exactly. Each sound opens the device, queues the samples and unpauses; the device
 * is closed when the queue has run dry and one more buffer has had time to play.
 */
#include "sdl/sound.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#define SOUND_RATE    22050
#define SOUND_SAMPLES 1024 /* frames per device buffer: 46 ms at 22,050 Hz */
#define SOUND_TAIL_MS 120  /* after the queue is empty: the device's own buffers play out */

static const char *const FILES[FLOW_CUE_COUNT] = {
    [FLOW_CUE_CHECKED_IN] = "checked-in.wav",
    [FLOW_CUE_ALREADY] = "already.wav",
    [FLOW_CUE_UNKNOWN] = "unknown.wav",
};

struct Sound {
    char dir[4096];             /* DATA_DIR/assets/sounds */
    bool tried;                 /* audio and the files were set up (or failed) once */
    bool silent;                /* no audio: every sound_play does nothing */
    bool audio_up;              /* SDL's audio subsystem is ours to quit */
    Uint8 *pcm[FLOW_CUE_COUNT]; /* each sound in the device's format */
    Uint32 len[FLOW_CUE_COUNT]; /* bytes */
    SDL_AudioSpec spec;         /* what the device is opened with */
    SDL_AudioDeviceID dev;      /* 0 when closed */
    int64_t check_at;           /* when to look whether it has played, ms */
    bool said_open;             /* "cannot open the audio device" was said */
};

Sound *sound_new(const char *data_dir)
{
    Sound *s = calloc(1, sizeof *s);
    if (s) {
        snprintf(s->dir, sizeof s->dir, "%s/assets/sounds", data_dir ? data_dir : ".");
    }
    return s;
}

static void close_device(Sound *s)
{
    if (s->dev) {
        SDL_CloseAudioDevice(s->dev);
        s->dev = 0;
    }
}

void sound_free(Sound *s)
{
    if (!s) {
        return;
    }
    close_device(s);
    for (int i = 0; i < FLOW_CUE_COUNT; i++) {
        SDL_free(s->pcm[i]);
    }
    if (s->audio_up) {
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    free(s);
}

/* Reads one file into the device's format. Returns false with SDL's message set. */
static bool load(Sound *s, int cue)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", s->dir, FILES[cue]);
    SDL_AudioSpec file;
    Uint8 *buf = NULL;
    Uint32 len = 0;
    if (!SDL_LoadWAV(path, &file, &buf, &len)) {
        return false;
    }
    SDL_AudioCVT cvt;
    int need = SDL_BuildAudioCVT(&cvt, file.format, file.channels, file.freq, s->spec.format,
                                 s->spec.channels, s->spec.freq);
    if (need < 0) {
        SDL_FreeWAV(buf);
        return false;
    }
    if (need == 0) {
        s->pcm[cue] = SDL_malloc(len);
        if (!s->pcm[cue]) {
            SDL_FreeWAV(buf);
            return SDL_OutOfMemory() == 0;
        }
        memcpy(s->pcm[cue], buf, len);
        s->len[cue] = len;
        SDL_FreeWAV(buf);
        return true;
    }
    cvt.len = (int)len;
    cvt.buf = SDL_malloc((size_t)len * (size_t)cvt.len_mult);
    if (!cvt.buf) {
        SDL_FreeWAV(buf);
        return SDL_OutOfMemory() == 0;
    }
    memcpy(cvt.buf, buf, len);
    SDL_FreeWAV(buf);
    if (SDL_ConvertAudio(&cvt) != 0) {
        SDL_free(cvt.buf);
        return false;
    }
    s->pcm[cue] = cvt.buf;
    s->len[cue] = (Uint32)cvt.len_cvt;
    return true;
}

/* The first sound: SDL's audio and the three files. Any failure makes the kiosk silent. */
static void set_up(Sound *s)
{
    s->tried = true;
    s->silent = true;
    s->spec = (SDL_AudioSpec){
        .freq = SOUND_RATE, .format = AUDIO_S16LSB, .channels = 1, .samples = SOUND_SAMPLES};
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        fprintf(stderr, "mingel: no sound: %s\n", SDL_GetError());
        return;
    }
    s->audio_up = true;
    for (int i = FLOW_CUE_NONE + 1; i < FLOW_CUE_COUNT; i++) {
        if (!load(s, i)) {
            fprintf(stderr, "mingel: no sound: %s/%s: %s\n", s->dir, FILES[i], SDL_GetError());
            return;
        }
    }
    s->silent = false;
}

void sound_play(Sound *s, FlowCue cue, int64_t now_ms)
{
    if (!s || cue <= FLOW_CUE_NONE || cue >= FLOW_CUE_COUNT) {
        return;
    }
    if (!s->tried) {
        set_up(s);
    }
    if (s->silent) {
        return;
    }
    close_device(s); /* a new sound cuts the last one */
    /* Changes allowed: none. SDL converts to what the hardware takes. */
    s->dev = SDL_OpenAudioDevice(NULL, 0, &s->spec, NULL, 0);
    if (!s->dev) {
        /* The device may be busy or gone for now (a headset pulled): this sound is lost,
         * the next one tries again. Said once. */
        if (!s->said_open) {
            fprintf(stderr, "mingel: cannot open the audio device: %s\n", SDL_GetError());
            s->said_open = true;
        }
        return;
    }
    if (SDL_QueueAudio(s->dev, s->pcm[cue], s->len[cue]) != 0) {
        close_device(s);
        return;
    }
    SDL_PauseAudioDevice(s->dev, 0);
    int64_t ms = (int64_t)s->len[cue] * 1000 / ((int64_t)s->spec.freq * 2 * s->spec.channels);
    s->check_at = now_ms + ms + SOUND_TAIL_MS;
}

void sound_tick(Sound *s, int64_t now_ms)
{
    if (!s || !s->dev || now_ms < s->check_at) {
        return;
    }
    if (SDL_GetQueuedAudioSize(s->dev) > 0) {
        s->check_at = now_ms + SOUND_TAIL_MS; /* the driver is slower than the clock */
        return;
    }
    close_device(s);
}

int64_t sound_next_deadline(const Sound *s)
{
    return s && s->dev ? s->check_at : -1;
}

bool sound_playing(const Sound *s)
{
    return s && s->dev != 0;
}
