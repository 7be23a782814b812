/* sound: the kiosk's short sounds for a check-in's outcome (the event's sound = on).
 *
 * Three WAV files under DATA_DIR/assets/sounds/ (made by scripts/make-sounds.py): checked
 * in, already checked in, and a code nobody has (core/flow.h's FlowCue). The audio device
 * is opened for a sound and closed once it has played: an open SDL audio device keeps a
 * thread waking up even when silent, and an idle kiosk must not wake at all. No audio
 * device, no driver, or a missing file means silence: said once on stderr, never an error
 * that stops the kiosk.
 */
#ifndef MINGEL_SOUND_H
#define MINGEL_SOUND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/flow.h"

typedef struct Sound Sound;

/* A player for the sounds under data_dir (borrowed for the call; nothing is opened or read
 * until the first sound_play). Returns NULL only when out of memory. */
Sound *sound_new(const char *data_dir);

/* Closes the device if open; s may be NULL. */
void sound_free(Sound *s);

/* Plays cue's sound from its start, cutting one still playing. now_ms is a monotonic clock
 * (ms) that sound_tick is given too. Silent for FLOW_CUE_NONE and when audio is not there. */
void sound_play(Sound *s, FlowCue cue, int64_t now_ms);

/* Closes the device once its sound has played. Call it at sound_next_deadline. */
void sound_tick(Sound *s, int64_t now_ms);

/* When sound_tick has something to do (ms, the clock of sound_play), or -1. */
int64_t sound_next_deadline(const Sound *s);

/* A sound is playing (the device is open). */
bool sound_playing(const Sound *s);

#endif
