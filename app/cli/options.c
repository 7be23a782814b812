/* options: the one option parser of every command (contract in cli.h). */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define CLI_LONG_ONLY 256 /* getopt_long's val for an option without a letter: 256 + index */

static bool takes_value(const CliOption *o)
{
    return o->value || o->list || o->parse;
}

int cli_parse(int argc, char **argv, const char *usage, const CliOption *opts, int min_args,
              int max_args, int *first)
{
    struct option longs[CLI_OPTIONS_MAX + 2];
    char shorts[CLI_OPTIONS_MAX * 2 + 2];
    size_t n = 0, k = 0;
    for (; opts[n].name; n++) {
        if (n == CLI_OPTIONS_MAX) {
            fprintf(stderr, "mingel %s: more than %d options (CLI_OPTIONS_MAX)\n", argv[0],
                    CLI_OPTIONS_MAX);
            return CLI_SOFTWARE;
        }
        const CliOption *o = &opts[n];
        longs[n] = (struct option){o->name, takes_value(o) ? required_argument : no_argument, NULL,
                                   o->letter ? o->letter : CLI_LONG_ONLY + (int)n};
        if (o->letter) {
            shorts[k++] = o->letter;
            if (takes_value(o)) {
                shorts[k++] = ':';
            }
        }
    }
    longs[n] = (struct option){"help", no_argument, NULL, 'h'};
    longs[n + 1] = (struct option){0, 0, 0, 0};
    shorts[k++] = 'h';
    shorts[k] = '\0';

    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return CLI_OK;
        }
        size_t i = 0;
        while (i < n && !(opts[i].letter ? c == opts[i].letter : c == CLI_LONG_ONLY + (int)i)) {
            i++;
        }
        if (i == n) { /* '?': getopt has said what was wrong */
            fputs(usage, stderr);
            return CLI_USAGE;
        }
        const CliOption *o = &opts[i];
        if (o->flag) {
            *o->flag = true;
        } else if (o->value) {
            *o->value = optarg;
        } else if (o->list) {
            if (o->list->count == CLI_LIST_MAX) {
                fprintf(stderr, "mingel %s: --%s is given more than %d times\n\n", argv[0], o->name,
                        CLI_LIST_MAX);
                fputs(usage, stderr);
                return CLI_USAGE;
            }
            o->list->items[o->list->count++] = optarg;
        } else {
            int rc = o->parse(o->ctx, optarg);
            if (rc != CLI_GO_ON) {
                return rc;
            }
        }
    }
    int nargs = argc - optind;
    if (nargs < min_args || (max_args >= 0 && nargs > max_args)) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    *first = optind;
    return CLI_GO_ON;
}
