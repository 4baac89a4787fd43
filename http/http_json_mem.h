/* http_json_mem.h — where cJSON's memory comes from while a large reply is
 * built.
 *
 * A plan document is a tree of about 1,500 cJSON nodes, each with its key
 * and string copied: some 4,000 malloc/free pairs per request, a sixth of
 * the server's time under load. Between http_json_mem_on() and
 * http_json_mem_off() on a thread, cJSON's allocations come from that
 * thread's region (bump allocation, 1 MiB, malloc when full); freeing a
 * region pointer does nothing, any other pointer is freed as usual.
 * http_json_mem_reset() makes the region reusable: every cJSON object built
 * while it was on must be deleted (or never used again) by then, and text
 * printed for the client must be printed with the region off, because the
 * client frees it with free(). Safe with any mix of threads: each thread
 * has its own region and the hooks fall back to malloc/free. */
#ifndef HTTP_JSON_MEM_H
#define HTTP_JSON_MEM_H

void http_json_mem_on(void);
void http_json_mem_off(void);
void http_json_mem_reset(void);

#endif
