/*
 * JSON string escaping: quotes, backslashes and control characters; every
 * other byte is copied (libvirt's names are UTF-8, which JSON allows).
 */
#include "config.h"

#include "util/json.h"

void
tv_json_append_string(GString *buf, const char *s)
{
    g_string_append_c(buf, '"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            g_string_append_printf(buf, "\\%c", c);
        else if (c < 0x20)
            g_string_append_printf(buf, "\\u%04x", c);
        else
            g_string_append_c(buf, (char)c);
    }
    g_string_append_c(buf, '"');
}
