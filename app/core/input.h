/* input: what reaches the kiosk of a person's taps and keys and a barcode scanner's reads,
 * judged by each event's own timestamp.
 *
 * The shell hands every tap (already down and up on the same target), every keystroke
 * and the passing of time to an Input, which gives them to the flow. Two rules live here,
 * free of SDL, so that tests and the fuzzer replay them exactly:
 *
 * A scan is its own event. A USB barcode scanner is a keyboard to the system: it types
 * the code and Enter, about 5-20 ms a key. People rarely type two keys less than 60-80 ms
 * apart, even fast typists on a USB keyboard, and never four in a row. So keystrokes are
 * held back while they come at most INPUT_SCAN_GAP_MS apart: if such a run of at least
 * INPUT_SCAN_MIN_CHARS characters ends in Enter within the gap, it was a scanner and goes
 * to flow_scan; otherwise (a longer pause, a short run, Backspace, no Enter) the held
 * characters go on as typed text, in order and unchanged. Typed text thus shows up to
 * INPUT_SCAN_GAP_MS late, and never a scanner's code in a text field. With SDL2 the
 * device cannot be told apart: its key events carry no keyboard id (SDL3's keyboard ids,
 * or reading evdev devices directly, would), so the timing alone decides.
 *
 * Times are the events' own (SDL's event timestamps in the shell), never the time the
 * loop got round to them: a kiosk busy with a frame or a commit reads a queued scan as
 * the burst it was. (SDL2 stamps an event when it reads it from the display server, so a
 * loop stalled for a long time compresses gaps; it never stretches them, so a scan stays
 * a scan.)
 *
 * A screen never receives a tap meant for the one before. When what the screen shows
 * changes (another screen, the next question, the tapped answer shown chosen, the
 * language, the idle warning coming or going), taps that went down less than
 * INPUT_SETTLE_MS later are ignored: the second tap of a double tap, or a tap already on
 * its way, lands on nothing. Keys are not held up by it: a keyboard is not tapped twice
 * by accident, and a scan is always its own event.
 */
#ifndef MINGEL_INPUT_H
#define MINGEL_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/flow.h"

/* Keys at most this far apart may be a scanner: twice the slowest scanner figure above
 * (20 ms), half the fastest person's (60 ms), and under the 40 ms of X's and most
 * systems' key repeat (25 a second), so a held key is never a scan either. */
#define INPUT_SCAN_GAP_MS 30

/* A scan has at least this many characters before its Enter. Ticket codes are longer;
 * a person's two quick keys and Enter (key rollover) stay typing. */
#define INPUT_SCAN_MIN_CHARS 3

/* Bytes of a burst held back, with the NUL. A longer burst (a scanned URL, a page of
 * text) is still a scan, of a code that no ticket has. */
#define INPUT_SCAN_CAP 256

/* After the screen changes, taps going down within this long are ignored. A double tap's
 * second tap follows the first by about 100-300 ms (measured double-tap intervals), and
 * the operating systems' double-click time is 400-500 ms (GNOME 400, Windows 500): 500 ms
 * covers them all. It costs nothing to a deliberate tap on the new screen, which comes
 * only after the person has seen it: a visual reaction takes ~250 ms, finding the target
 * on a new screen well over 500 ms. */
#define INPUT_SETTLE_MS 500

typedef struct Input Input;

/* What a keystroke or the passing of time did. */
typedef enum InputDid {
    INPUT_HELD,    /* held back: it may be part of a scan */
    INPUT_TYPED,   /* held characters went on as typed text (and the key, if any) */
    INPUT_SCANNED, /* a scan went to flow_scan */
    INPUT_KEY,     /* a key went to flow_key */
} InputDid;

/* A new Input in front of flow (borrowed; it must outlive the Input). Returns NULL when
 * out of memory. Times on the event clock become the flow's time by adding the offset
 * (input_set_offset), 0 at first. */
Input *input_new(Flow *flow);

/* Frees in; in may be NULL. Held keys are dropped. */
void input_free(Input *in);

/* The flow's time at event time t is t + offset_ms (SDL ticks to the system clock). */
void input_set_offset(Input *in, int64_t offset_ms);

/* False while taps going down at down_ms are ignored (the screen changed less than
 * INPUT_SETTLE_MS before): the shell does not even show them pressed. */
bool input_may_press(const Input *in, int64_t down_ms);

/* A tap on a target, down at down_ms and up (on the same target) at up_ms. Returns false
 * if it was ignored because the screen changed after down_ms - INPUT_SETTLE_MS. */
bool input_tap(Input *in, FlowAction action, int arg, int64_t down_ms, int64_t up_ms);

/* Text from one key event (UTF-8, as SDL_TEXTINPUT gives it) at at_ms. */
InputDid input_text(Input *in, const char *utf8, int64_t at_ms);

/* A key (Enter, Backspace, Escape) at at_ms. Enter may end a scan. */
InputDid input_key(Input *in, FlowKey key, int64_t at_ms);

/* Time has come to now_ms: held keys whose run ended without Enter go on as typed text,
 * and the flow's own deadlines are kept (flow_tick). Returns true if the view changed. */
bool input_tick(Input *in, int64_t now_ms);

/* The next event time at which input_tick would do something, or -1 for none. */
int64_t input_next_deadline(const Input *in);

/* True while keystrokes are held back (they may still be part of a scan). */
bool input_holding(const Input *in);

/* The code of the last scan handed to the flow, "" if none yet (for tests and logs). */
const char *input_last_scan(const Input *in);

#endif
