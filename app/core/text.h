/* text: UTF-8 handling for everything a person types or an organiser's file carries.
 *
 * The kiosk stores only text it can show: valid UTF-8 without control characters,
 * bounded in length. Search compares "folded" text: lower case with diacritics removed,
 * so "soder" finds "Söderberg" and "ojm" finds "Öjmertz". All functions work on
 * caller-provided buffers and never allocate.
 */
#ifndef MINGEL_TEXT_H
#define MINGEL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..n). Returns the number of bytes consumed (1..4) and
 * stores the code point in *cp, or returns 0 if the bytes at s are not valid UTF-8
 * (overlong forms, surrogates and values above U+10FFFF are invalid) or n == 0. */
size_t text_decode(const char *s, size_t n, uint32_t *cp);

/* Encodes cp into out (room for 4 bytes). Returns the byte count, 0 for an invalid cp. */
size_t text_encode(uint32_t cp, char out[4]);

/* True if s[0..n) is entirely valid UTF-8. */
bool text_valid_utf8(const char *s, size_t n);

/* Copies src[0..n) into dst (capacity cap, always NUL-terminated when cap > 0) keeping
 * only what the kiosk can store and show on one line: invalid sequences and control
 * characters (C0, DEL, C1) are dropped, tabs and line breaks become one space, runs of
 * spaces collapse, and leading/trailing spaces are trimmed. Never cuts a code point.
 * Returns the length written (excluding the NUL). */
size_t text_clean_line(char *dst, size_t cap, const char *src, size_t n);

/* Writes the search form of src into dst (capacity cap, NUL-terminated): lower case,
 * Latin letters without diacritics (å->a, ö->o, é->e, ü->u, ß->ss, æ->ae, ø->o, ...),
 * and every character that is not a letter or digit turned into one space. Invalid UTF-8
 * is skipped. Returns the length written. */
size_t text_fold(char *dst, size_t cap, const char *src);

/* Like text_fold, but Latin letters keep their diacritics (in lower case: "Jönsson" ->
 * "jönsson", and a decomposed "o" + U+0308 becomes "ö" too), so search can prefer the
 * letters a person typed. Words break exactly where text_fold breaks them, so the n-th
 * word of both forms is the same word. Returns the length written. */
size_t text_fold_exact(char *dst, size_t cap, const char *src);

/* Appends the sort key of text to out[len..cap) and returns the new length: text folded
 * (lower case, no diacritics), except that with swedish, å, ä and ö (and æ, ø) are
 * letters of their own after z, as a Swedish reader expects a list to run. Comparing keys
 * with strcmp gives that order. Stops short of cap, which must be at least len + 8. */
size_t text_sort_key(bool swedish, const char *text, char *out, size_t len, size_t cap);

/* Number of code points in the valid UTF-8 string s. */
size_t text_length(const char *s);

/* Length in bytes of s after removing its last code point (for backspace); 0 if empty. */
size_t text_drop_last(const char *s, size_t len);

/* Appends the UTF-8 text add to the NUL-terminated buffer buf (capacity cap) if the
 * result stays within max_chars code points and cap bytes; text that does not fit is
 * cut at a code point boundary. Invalid and control characters in add are dropped.
 * Returns the number of bytes appended. */
size_t text_append(char *buf, size_t cap, size_t max_chars, const char *add);

/* True if s has the shape of an e-mail address as a person types one: valid UTF-8 of at
 * most TEXT_EMAIL_MAX bytes with no spaces or control characters; one '@' with at most 64
 * bytes before it and a domain after it of dot-separated parts, at least two, none empty
 * or beginning or ending with '-', the last at least two characters; none of the
 * characters an address never has unquoted ( ( ) < > [ ] \ , ; : " ). Letters beyond
 * ASCII are allowed (internationalised addresses). Whether the address exists is not
 * known here. */
#define TEXT_EMAIL_MAX 254 /* bytes: RFC 5321's limit on an address in a mail path */
bool text_email_ok(const char *s);

/* snprintf into dst (capacity cap), except that text cut short is cut at a code point
 * boundary, so a long message stays valid UTF-8. Returns dst. */
char *text_printf(char *dst, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
