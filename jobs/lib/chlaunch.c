/*
 * chlaunch: a complete `clickhouse local` on top of libchdb.so (from the npm package
 * @chdb/lib-linux-x64-gnu). It hands its own argv to chdb_query_cmdline and prints the result,
 * so `chlaunch --path=... --http_port=... --query "SYSTEM START LISTEN QUERIES ALL; <long query>"`
 * is a ClickHouse server for as long as the long query runs. See jobs/lib/clickhouse.sh.
 *
 * Build: gcc -O2 -o chlaunch chlaunch.c -L<dir> -lchdb -Wl,-rpath,<dir>
 */
#include <stddef.h>
#include <stdio.h>

/* The few symbols of libchdb's C API we use; the library ships without a header. */
typedef struct chdb_result chdb_result;
extern chdb_result *chdb_query_cmdline(int argc, char **argv);
extern char *chdb_result_buffer(chdb_result *result);
extern size_t chdb_result_length(chdb_result *result);
extern const char *chdb_result_error(chdb_result *result);
extern void chdb_destroy_query_result(chdb_result *result);

int main(int argc, char **argv) {
    chdb_result *result = chdb_query_cmdline(argc, argv);
    if (result == NULL) {
        fprintf(stderr, "chlaunch: no result from chdb_query_cmdline\n");
        return 2;
    }
    int status = 0;
    const char *error = chdb_result_error(result);
    if (error != NULL && error[0] != '\0') {
        fprintf(stderr, "%s\n", error);
        status = 1;
    } else {
        size_t length = chdb_result_length(result);
        char *buffer = chdb_result_buffer(result);
        if (buffer != NULL && length > 0) fwrite(buffer, 1, length, stdout);
    }
    fflush(stdout);
    chdb_destroy_query_result(result);
    return status;
}
