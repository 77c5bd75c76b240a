/* kiln-at.c: AT console helpers.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-at.h"
#include "kiln-error.h"

/* ------------------------------------------------------------------------ */
/* Reply collector */

/* Lines that end a reply.  Everything else is part of it. */
static const struct
{
  const char  *line;
  KilnAtStatus status;
} final_lines[] = {
  { "OK",        KILN_AT_OK },
  { "ERROR",     KILN_AT_ERROR },
  { "FAIL",      KILN_AT_FAIL },
  { "SEND OK",   KILN_AT_SEND_OK },
  { "SEND FAIL", KILN_AT_SEND_FAIL },
};

const char *
kiln_at_status_to_string (KilnAtStatus status)
{
  switch (status)
    {
    case KILN_AT_PENDING:
      return "PENDING";
    case KILN_AT_OK:
      return "OK";
    case KILN_AT_ERROR:
      return "ERROR";
    case KILN_AT_FAIL:
      return "FAIL";
    case KILN_AT_SEND_OK:
      return "SEND OK";
    case KILN_AT_SEND_FAIL:
      return "SEND FAIL";
    case KILN_AT_PROMPT:
      return ">";
    default:
      return "?";
    }
}

struct _KilnAtCollector
{
  char        *command;     /* stripped, to recognise the echo */
  GByteArray  *pending;     /* the current line */
  GString     *reply;
  KilnAtStatus status;
  gboolean     seen_line;   /* a non-empty line arrived (echo or reply) */
  gboolean     got_data;
};

/**
 * kiln_at_collector_new:
 * @command: (nullable): the command just sent, without "\r\n": its echo
 *   (AT firmware echoes commands unless ATE0 was sent) is left out of the
 *   reply
 *
 * Collects one reply: feed it the bytes read after sending the command
 * until it reports a status other than %KILN_AT_PENDING.  The caller
 * handles timeouts.
 */
KilnAtCollector *
kiln_at_collector_new (const char *command)
{
  KilnAtCollector *self = g_new0 (KilnAtCollector, 1);

  self->command = g_strstrip (g_strdup (command != NULL ? command : ""));
  self->pending = g_byte_array_new ();
  self->reply = g_string_new (NULL);
  self->status = KILN_AT_PENDING;
  return self;
}

void
kiln_at_collector_free (KilnAtCollector *self)
{
  if (self == NULL)
    return;
  g_free (self->command);
  g_byte_array_unref (self->pending);
  g_string_free (self->reply, TRUE);
  g_free (self);
}

static void
collector_line (KilnAtCollector *self)
{
  g_autofree char *line = NULL;

  if (self->pending->len == 0)
    return;
  line = g_utf8_make_valid ((const char *) self->pending->data, self->pending->len);
  g_byte_array_set_size (self->pending, 0);
  g_strstrip (line);
  if (*line == '\0')
    return;

  /* The echo comes first, before any reply line. */
  if (!self->seen_line && *self->command != '\0'
      && g_ascii_strcasecmp (line, self->command) == 0)
    {
      self->seen_line = TRUE;
      return;
    }
  self->seen_line = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (final_lines); i++)
    if (g_str_equal (line, final_lines[i].line))
      {
        self->status = final_lines[i].status;
        return;
      }

  if (self->reply->len > 0)
    g_string_append_c (self->reply, '\n');
  g_string_append (self->reply, line);
}

/**
 * kiln_at_collector_feed:
 * @consumed: (out) (optional): how many bytes of @data belonged to the
 *   reply; the rest (e.g. an unsolicited "WIFI GOT IP") is left
 *
 * Returns: the status so far
 */
KilnAtStatus
kiln_at_collector_feed (KilnAtCollector *self,
                        const guint8    *data,
                        gsize            len,
                        gsize           *consumed)
{
  gsize i;

  for (i = 0; i < len && self->status == KILN_AT_PENDING; i++)
    {
      guint8 c = data[i];

      self->got_data = TRUE;
      if (c == '\n')
        {
          collector_line (self);
          continue;
        }
      if (c == '\r' || c == '\0')
        continue;
      g_byte_array_append (self->pending, &c, 1);
      /* "> " has no line end: the firmware waits for the data. */
      if (c == '>' && self->pending->len == 1)
        {
          g_byte_array_set_size (self->pending, 0);
          self->status = KILN_AT_PROMPT;
        }
    }
  if (consumed != NULL)
    *consumed = i;
  return self->status;
}

KilnAtStatus
kiln_at_collector_get_status (KilnAtCollector *self)
{
  return self->status;
}

/**
 * kiln_at_collector_get_reply:
 *
 * Returns: the reply's lines joined with "\n", without the echo, the final
 *   line and empty lines
 */
const char *
kiln_at_collector_get_reply (KilnAtCollector *self)
{
  return self->reply->str;
}

/**
 * kiln_at_collector_got_data:
 *
 * Returns: %TRUE once any byte was fed, to tell silence from a cut reply
 */
gboolean
kiln_at_collector_got_data (KilnAtCollector *self)
{
  return self->got_data;
}

/* ------------------------------------------------------------------------ */
/* AT+GMR */

void
kiln_at_version_free (KilnAtVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->at_version);
  g_free (version->at_version_info);
  g_free (version->sdk_version);
  g_free (version->sdk_version_info);
  g_free (version->compile_time);
  g_free (version->compile_commit);
  g_free (version->bin_version);
  g_free (version->bin_module);
  g_free (version);
}

typedef enum
{
  GMR_AT,
  GMR_SDK,
  GMR_COMPILE,
  GMR_BIN,
} GmrField;

/* Keys as the firmwares print them.  Values are read up to the next key
 * or line end, because some versions print everything on one line. */
static const struct
{
  const char *key;
  GmrField    field;
} gmr_keys[] = {
  { "AT version",   GMR_AT },
  { "SDK version",  GMR_SDK },
  { "compile time", GMR_COMPILE },
  { "Bin version",  GMR_BIN },
};

static char *
nonempty (char *s)
{
  if (s == NULL)
    return NULL;
  g_strstrip (s);
  if (*s == '\0')
    {
      g_free (s);
      return NULL;
    }
  return s;
}

/* "1.7.3.0(Mar 19 2020 18:15:04)" → "1.7.3.0", "Mar 19 2020 18:15:04" */
static void
split_version (const char  *value,
               char       **version,
               char       **info)
{
  const char *open = strchr (value, '(');
  const char *close = strrchr (value, ')');

  if (open != NULL && close != NULL && close > open)
    {
      *version = nonempty (g_strndup (value, (gsize) (open - value)));
      *info = nonempty (g_strndup (open + 1, (gsize) (close - open - 1)));
    }
  else
    {
      *version = nonempty (g_strdup (value));
      *info = NULL;
    }
}

/* Splits "(label):rest" into label and rest; either part may be absent. */
static const char *
leading_label (const char  *value,
               char       **label)
{
  const char *close;

  *label = NULL;
  while (g_ascii_isspace (*value))
    value++;
  if (*value == '(' && (close = strchr (value, ')')) != NULL)
    {
      *label = nonempty (g_strndup (value + 1, (gsize) (close - value - 1)));
      value = close + 1;
    }
  while (g_ascii_isspace (*value))
    value++;
  if (*value == ':')
    value++;
  return value;
}

static void
gmr_set (KilnAtVersion *v,
         GmrField       field,
         const char    *raw)
{
  g_autofree char *label = NULL;
  const char *value = leading_label (raw, &label);

  switch (field)
    {
    /* A line whose value came out empty leaves its field NULL, so a later
     * line of the same kind is taken: free what the first one did set. */
    case GMR_AT:
      if (v->at_version == NULL)
        {
          g_clear_pointer (&v->at_version_info, g_free);
          split_version (value, &v->at_version, &v->at_version_info);
        }
      break;
    case GMR_SDK:
      if (v->sdk_version == NULL)
        {
          g_clear_pointer (&v->sdk_version_info, g_free);
          split_version (value, &v->sdk_version, &v->sdk_version_info);
        }
      break;
    case GMR_COMPILE:
      /* ESP32 AT 2.x: "compile time(3e0d049):Jul 19 2021 16:06:59" */
      if (v->compile_time == NULL)
        {
          g_free (v->compile_commit);
          v->compile_time = nonempty (g_strdup (value));
          v->compile_commit = g_steal_pointer (&label);
        }
      break;
    case GMR_BIN:
      /* "Bin version(Wroom 02):3.0.3" or "Bin version:2.2.0(WROOM-32)" */
      if (v->bin_version == NULL)
        {
          char *module = NULL;
          g_clear_pointer (&v->bin_module, g_free);
          split_version (value, &v->bin_version, &module);
          v->bin_module = label != NULL ? g_steal_pointer (&label) : module;
          if (v->bin_module != module)
            g_free (module);
        }
      break;
    default:
      break;
    }
}

/**
 * kiln_at_parse_gmr:
 * @reply: the reply to AT+GMR (echo and "OK" may be included; the fields
 *   may be on separate lines or run together)
 *
 * Returns: (transfer full): the versions, or %NULL with
 *   %KILN_ERROR_PROTOCOL when the reply names no AT version
 */
KilnAtVersion *
kiln_at_parse_gmr (const char  *reply,
                   GError     **error)
{
  g_autoptr(KilnAtVersion) v = g_new0 (KilnAtVersion, 1);
  g_autofree char *lower = g_ascii_strdown (reply, -1);
  gsize len = strlen (reply);

  /* Find every key; a value runs to the next key or the end of the line. */
  for (gsize pos = 0; pos < len;)
    {
      gsize best = len;
      gint which = -1;

      for (guint k = 0; k < G_N_ELEMENTS (gmr_keys); k++)
        {
          g_autofree char *key = g_ascii_strdown (gmr_keys[k].key, -1);
          const char *hit = strstr (lower + pos, key);
          if (hit != NULL && (gsize) (hit - lower) < best)
            {
              best = (gsize) (hit - lower);
              which = (gint) k;
            }
        }
      if (which < 0)
        break;

      {
        gsize start = best + strlen (gmr_keys[which].key);
        gsize end = start;
        g_autofree char *value = NULL;

        while (end < len && reply[end] != '\n' && reply[end] != '\r')
          {
            gboolean at_key = FALSE;
            for (guint k = 0; k < G_N_ELEMENTS (gmr_keys) && !at_key; k++)
              {
                g_autofree char *key = g_ascii_strdown (gmr_keys[k].key, -1);
                at_key = strncmp (lower + end, key, strlen (key)) == 0;
              }
            if (at_key)
              break;
            end++;
          }
        value = g_strndup (reply + start, end - start);
        gmr_set (v, gmr_keys[which].field, value);
        pos = end;
      }
    }

  if (v->at_version == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL,
                   _("The reply to AT+GMR holds no AT version. Is the board running AT firmware?"));
      return NULL;
    }
  return g_steal_pointer (&v);
}

/**
 * kiln_at_version_to_string:
 *
 * Returns: (transfer full): one translated "label: value" line per known
 *   field, for people
 */
char *
kiln_at_version_to_string (const KilnAtVersion *v)
{
  GString *s = g_string_new (NULL);

  if (v->at_version != NULL)
    {
      g_string_append_printf (s, "%-14s %s", _("AT version:"), v->at_version);
      if (v->at_version_info != NULL)
        g_string_append_printf (s, " (%s)", v->at_version_info);
      g_string_append_c (s, '\n');
    }
  if (v->sdk_version != NULL)
    {
      g_string_append_printf (s, "%-14s %s", _("SDK version:"), v->sdk_version);
      if (v->sdk_version_info != NULL)
        g_string_append_printf (s, " (%s)", v->sdk_version_info);
      g_string_append_c (s, '\n');
    }
  if (v->compile_time != NULL)
    {
      g_string_append_printf (s, "%-14s %s", _("Compiled:"), v->compile_time);
      if (v->compile_commit != NULL)
        g_string_append_printf (s, " (%s)", v->compile_commit);
      g_string_append_c (s, '\n');
    }
  if (v->bin_version != NULL)
    {
      g_string_append_printf (s, "%-14s %s", _("Bin version:"), v->bin_version);
      if (v->bin_module != NULL)
        g_string_append_printf (s, " (%s)", v->bin_module);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Synchronous commands */

/**
 * kiln_at_command_full:
 * @command: e.g. "AT+GMR"; "\r\n" is added
 * @timeout_ms: for the whole reply
 * @status: (out) (optional): how the reply ended
 *
 * Sends @command and collects the reply, whatever its final line.  Runs in
 * the calling thread; honours @cancellable between 50 ms reads.
 *
 * Returns: (transfer full): the reply without echo and final line
 *   (possibly empty), or %NULL with %KILN_ERROR_TIMEOUT if it did not end
 *   in time
 */
char *
kiln_at_command_full (KilnTransport  *transport,
                      const char     *command,
                      guint           timeout_ms,
                      KilnAtStatus   *status,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(KilnAtCollector) collector = kiln_at_collector_new (command);
  g_autofree char *line = g_strconcat (command, "\r\n", NULL);
  gint64 deadline;

  /* Unsolicited lines from before ("WIFI GOT IP") are not the reply. */
  if (!kiln_transport_flush_input (transport, error))
    return NULL;
  if (!kiln_transport_write (transport, (const guint8 *) line, strlen (line), error))
    return NULL;

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (kiln_at_collector_get_status (collector) == KILN_AT_PENDING)
    {
      guint8 buf[256];
      gsize n = 0;

      if (!kiln_transport_read_until (transport, buf, sizeof buf, &n, deadline, cancellable,
                                      error))
        return NULL;
      if (n == 0)
        {
          if (!kiln_at_collector_got_data (collector))
            g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                         _("No reply to “%s” within %.1f s. Check that the board runs AT "
                           "firmware and is not in download mode, and the baud rate (AT "
                           "firmware usually talks at 115200)."),
                         command, timeout_ms / 1000.0);
          else
            g_set_error (error, KILN_ERROR, KILN_ERROR_TIMEOUT,
                         _("The reply to “%s” did not end with OK or ERROR within %.1f s. "
                           "Received so far: %s"),
                         command, timeout_ms / 1000.0, kiln_at_collector_get_reply (collector));
          return NULL;
        }
      kiln_at_collector_feed (collector, buf, n, NULL);
    }

  if (status != NULL)
    *status = kiln_at_collector_get_status (collector);
  return g_strdup (kiln_at_collector_get_reply (collector));
}

/**
 * kiln_at_command:
 *
 * Like kiln_at_command_full(), but an "ERROR", "FAIL" or "SEND FAIL" reply
 * is a %KILN_ERROR_FAILED error.
 *
 * Returns: (transfer full): the reply without echo and final line
 */
char *
kiln_at_command (KilnTransport  *transport,
                 const char     *command,
                 guint           timeout_ms,
                 GCancellable   *cancellable,
                 GError        **error)
{
  KilnAtStatus status = KILN_AT_PENDING;
  g_autofree char *reply = kiln_at_command_full (transport, command, timeout_ms, &status,
                                                 cancellable, error);

  if (reply == NULL)
    return NULL;
  if (status == KILN_AT_ERROR || status == KILN_AT_FAIL || status == KILN_AT_SEND_FAIL)
    {
      if (*reply != '\0')
        g_set_error (error, KILN_ERROR, KILN_ERROR_FAILED,
                     _("The firmware answered %s to “%s”: %s"),
                     kiln_at_status_to_string (status), command, reply);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_FAILED,
                     _("The firmware answered %s to “%s”. Check the command's spelling and "
                       "parameters."),
                     kiln_at_status_to_string (status), command);
      return NULL;
    }
  return g_steal_pointer (&reply);
}

/**
 * kiln_at_wait_ready:
 * @timeout_ms: how long to wait at most
 * @ready: (out): whether the firmware said "ready"
 *
 * After a reset, waits until AT firmware prints "ready" (or the time is
 * up: not every firmware says it).  Whatever else arrives, e.g. the boot
 * ROM's messages at another baud rate, is dropped.
 *
 * Returns: %FALSE only when the link failed or @cancellable was cancelled
 */
gboolean
kiln_at_wait_ready (KilnTransport  *transport,
                    guint           timeout_ms,
                    gboolean       *ready,
                    GCancellable   *cancellable,
                    GError        **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* Only the end of what arrived matters: "ready" may be cut across reads. */
  g_autoptr(GString) window = g_string_new (NULL);

  *ready = FALSE;
  for (;;)
    {
      guint8 buf[256];
      gsize n = 0;

      if (!kiln_transport_read_until (transport, buf, sizeof buf, &n, deadline, cancellable,
                                      error))
        return FALSE;
      if (n == 0)
        return TRUE;
      for (gsize i = 0; i < n; i++)
        g_string_append_c (window, buf[i] != '\0' ? (char) buf[i] : ' ');
      if (strstr (window->str, "ready\r") != NULL || strstr (window->str, "ready\n") != NULL)
        {
          *ready = TRUE;
          return TRUE;
        }
      if (window->len > 8)
        g_string_erase (window, 0, (gssize) (window->len - 8));
    }
}
