/* Tests for the commands' one option parser (cli_parse, app/cli/options.c). This program
 * links mingel_cli and mingel_core only and names every command, so a command that
 * reaches for the UI or SDL fails to link here (tests/CMakeLists.txt). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* Every command of app/cli: linking them pulls in all of mingel_cli. */
static int (*const COMMANDS[])(int, char **) = {cli_import,  cli_stats, cli_export,
                                                cli_set_pin, cli_merge, cli_purge};

static const char USAGE[] = "usage: mingel test [--db PATH] [--check] [--column F=H]... ARG\n";

typedef struct Parsed {
    const char *db, *sheet;
    bool check;
    CliList columns;
    int level;
} Parsed;

static int parse_level(void *ctx, const char *value)
{
    Parsed *p = ctx;
    if (strcmp(value, "high") == 0) {
        p->level = 2;
        return CLI_GO_ON;
    }
    return CLI_DATAERR; /* the command's own status goes through */
}

static int parse(Parsed *p, int argc, char **argv, int min_args, int max_args, int *pos)
{
    memset(p, 0, sizeof *p);
    const CliOption opts[] = {{.name = "db", .letter = 'd', .value = &p->db},
                              {.name = "check", .flag = &p->check},
                              {.name = "column", .list = &p->columns},
                              {.name = "sheet", .value = &p->sheet},
                              {.name = "level", .letter = 'l', .parse = parse_level, .ctx = p},
                              {0}};
    return cli_parse(argc, argv, USAGE, opts, min_args, max_args, pos);
}

static void values_flags_and_positionals(void **state)
{
    (void)state;
    char *argv[] = {"test", "--db", "a.db", "list.csv", "--check", "--sheet", "Blad 1", NULL};
    Parsed p;
    int pos = -1;
    assert_int_equal(parse(&p, 7, argv, 1, 1, &pos), CLI_GO_ON);
    assert_string_equal(p.db, "a.db");
    assert_true(p.check);
    assert_string_equal(p.sheet, "Blad 1");
    assert_int_equal(p.columns.count, 0);
    /* getopt permutes: the positional argument ends up after the options */
    assert_int_equal(pos, 6);
    assert_string_equal(argv[pos], "list.csv");
}

static void short_forms_and_last_value_wins(void **state)
{
    (void)state;
    char *argv[] = {"test", "-d", "first.db", "--db=second.db", NULL};
    Parsed p;
    int pos = -1;
    assert_int_equal(parse(&p, 4, argv, 0, 0, &pos), CLI_GO_ON);
    assert_string_equal(p.db, "second.db");
    assert_int_equal(pos, 4);
}

static void repeatable_option_keeps_every_value_in_order(void **state)
{
    (void)state;
    char *argv[] = {"test",     "--column",       "name=Namn", "--column=email=E-post",
                    "--column", "ticket=Biljett", "x.csv",     NULL};
    Parsed p;
    int pos = -1;
    assert_int_equal(parse(&p, 7, argv, 1, 1, &pos), CLI_GO_ON);
    assert_int_equal(p.columns.count, 3);
    assert_string_equal(p.columns.items[0], "name=Namn");
    assert_string_equal(p.columns.items[1], "email=E-post");
    assert_string_equal(p.columns.items[2], "ticket=Biljett");
}

static void repeatable_option_has_a_limit(void **state)
{
    (void)state;
    char *argv[2 * CLI_LIST_MAX + 4];
    int argc = 0;
    argv[argc++] = "test";
    for (int i = 0; i <= CLI_LIST_MAX; i++) {
        argv[argc++] = "--column";
        argv[argc++] = "a=b";
    }
    argv[argc] = NULL;
    Parsed p;
    int pos = -1;
    assert_int_equal(parse(&p, argc, argv, 0, -1, &pos), CLI_USAGE);
    assert_int_equal(p.columns.count, CLI_LIST_MAX);
}

static void parse_function_decides(void **state)
{
    (void)state;
    char *good[] = {"test", "-l", "high", NULL};
    char *bad[] = {"test", "--level", "low", NULL};
    Parsed p;
    int pos = -1;
    assert_int_equal(parse(&p, 3, good, 0, 0, &pos), CLI_GO_ON);
    assert_int_equal(p.level, 2);
    assert_int_equal(parse(&p, 3, bad, 0, 0, &pos), CLI_DATAERR);
}

static void help_unknown_and_counts(void **state)
{
    (void)state;
    Parsed p;
    int pos = -1;
    char *help[] = {"test", "--help", NULL};
    assert_int_equal(parse(&p, 2, help, 1, 1, &pos), CLI_OK);
    char *h[] = {"test", "-h", NULL};
    assert_int_equal(parse(&p, 2, h, 1, 1, &pos), CLI_OK);
    char *unknown[] = {"test", "--nope", "x", NULL};
    assert_int_equal(parse(&p, 3, unknown, 1, 1, &pos), CLI_USAGE);
    char *missing[] = {"test", "--db", NULL};
    assert_int_equal(parse(&p, 2, missing, 0, 0, &pos), CLI_USAGE);
    char *none[] = {"test", NULL};
    assert_int_equal(parse(&p, 1, none, 1, 2, &pos), CLI_USAGE);
    char *three[] = {"test", "a", "b", "c", NULL};
    assert_int_equal(parse(&p, 4, three, 1, 2, &pos), CLI_USAGE);
    assert_int_equal(parse(&p, 4, three, 1, -1, &pos), CLI_GO_ON);
    assert_int_equal(pos, 1);
}

static void every_command_answers_help(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        char *argv[] = {"cmd", "--help", NULL};
        assert_int_equal(COMMANDS[i](2, argv), CLI_OK);
        char *bad[] = {"cmd", "--no-such-option", NULL};
        assert_int_equal(COMMANDS[i](2, bad), CLI_USAGE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_flags_and_positionals),
        cmocka_unit_test(short_forms_and_last_value_wins),
        cmocka_unit_test(repeatable_option_keeps_every_value_in_order),
        cmocka_unit_test(repeatable_option_has_a_limit),
        cmocka_unit_test(parse_function_decides),
        cmocka_unit_test(help_unknown_and_counts),
        cmocka_unit_test(every_command_answers_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
