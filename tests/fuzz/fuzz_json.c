/* fuzz_json.c — libFuzzer harness for JSON request bodies (http_json_parse,
 * the member getters, and the problem+json / JSON replies).
 *
 * Any bytes, as a body: either a 4xx problem+json reply and NULL, or an
 * object whose members are all in the field list; the getters then either
 * accept a member or answer 400; a reply is always valid JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

static void check_reply(http_resp *r)
{
    if (!r->body)
        abort();
    cJSON *j = cJSON_Parse(r->body);
    if (!j)
        abort();
    cJSON_Delete(j);
    free(r->body);
    r->body = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const fields[] = {"username", "password", "role", "admin_unit_id", "disabled", "display_name",
                                         "kind", "lon", "lat", NULL};
    char *body = malloc(size + 1);
    if (!body)
        return 0;
    memcpy(body, data, size);
    body[size] = '\0';
    http_resp resp = {0};
    cJSON *j = http_json_parse(body, size, 16, fields, &resp);
    if (!j) {
        if (resp.status < 400 || resp.status >= 500)
            abort();
        check_reply(&resp);
    } else {
        const char *s = NULL;
        int64_t v = 0;
        int present = 0, b = 0;
        for (size_t i = 0; fields[i]; i++) {
            if (http_json_str(j, fields[i], 0, 64, &s, &resp) != 0)
                check_reply(&resp);
            if (http_json_int(j, fields[i], -1000, 1000, &v, &present, &resp) != 0)
                check_reply(&resp);
            else if (present && (v < -1000 || v > 1000))
                abort();
            if (http_json_bool(j, fields[i], &b, &present, &resp) != 0)
                check_reply(&resp);
        }
        http_reply_json(&resp, 200, j); /* consumes j */
        check_reply(&resp);
    }
    free(body);
    return 0;
}
