/* test-at.c: AT reply collection and AT+GMR parsing.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiln-core.h"

/* Seed 000 prints the fields run together on one line. */
static const char gmr_esp8266[] =
  "AT version:1.7.3.0(Mar 19 2020 18:15:04)SDK version:3.0.3(8427744)compile time:Mar 24 2020 "
  "16:16:12Bin version(Wroom 02):3.0.3";

/* ESP32 AT 2.x, one field per line as the firmware sends them. */
static const char gmr_esp32[] =
  "AT+GMR\r\r\n"
  "AT version:2.2.0.0(c6fa6bf - ESP32 - Jul  2 2021 06:44:05)\r\n"
  "SDK version:v4.2.2-76-gefa6eca\r\n"
  "compile time(3e0d049):Jul 19 2021 16:06:59\r\n"
  "Bin version:2.2.0(WROOM-32)\r\n"
  "\r\n"
  "OK\r\n";

static void
test_gmr_esp8266 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnAtVersion) v = kiln_at_parse_gmr (gmr_esp8266, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (v->at_version, ==, "1.7.3.0");
  g_assert_cmpstr (v->at_version_info, ==, "Mar 19 2020 18:15:04");
  g_assert_cmpstr (v->sdk_version, ==, "3.0.3");
  g_assert_cmpstr (v->sdk_version_info, ==, "8427744");
  g_assert_cmpstr (v->compile_time, ==, "Mar 24 2020 16:16:12");
  g_assert_null (v->compile_commit);
  g_assert_cmpstr (v->bin_version, ==, "3.0.3");
  g_assert_cmpstr (v->bin_module, ==, "Wroom 02");

  text = kiln_at_version_to_string (v);
  g_assert_nonnull (strstr (text, "1.7.3.0 (Mar 19 2020 18:15:04)"));
  g_assert_nonnull (strstr (text, "3.0.3 (Wroom 02)"));
}

static void
test_gmr_esp32 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnAtVersion) v = kiln_at_parse_gmr (gmr_esp32, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (v->at_version, ==, "2.2.0.0");
  g_assert_cmpstr (v->at_version_info, ==, "c6fa6bf - ESP32 - Jul  2 2021 06:44:05");
  g_assert_cmpstr (v->sdk_version, ==, "v4.2.2-76-gefa6eca");
  g_assert_null (v->sdk_version_info);
  g_assert_cmpstr (v->compile_time, ==, "Jul 19 2021 16:06:59");
  g_assert_cmpstr (v->compile_commit, ==, "3e0d049");
  g_assert_cmpstr (v->bin_version, ==, "2.2.0");
  g_assert_cmpstr (v->bin_module, ==, "WROOM-32");
}

/* The same text however the lines are separated. */
static void
test_gmr_separators (void)
{
  static const char *const seps[] = { "", "\n", "\r\n", "\r\r\n" };
  static const char *const fields[] = {
    "AT version:1.7.3.0(Mar 19 2020 18:15:04)", "SDK version:3.0.3(8427744)",
    "compile time:Mar 24 2020 16:16:12", "Bin version(Wroom 02):3.0.3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (seps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KilnAtVersion) v = NULL;
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_string_append (s, fields[f]);
          g_string_append (s, seps[i]);
        }
      g_string_append (s, "\r\nOK\r\n");
      v = kiln_at_parse_gmr (s->str, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (v->at_version, ==, "1.7.3.0");
      g_assert_cmpstr (v->sdk_version, ==, "3.0.3");
      g_assert_cmpstr (v->compile_time, ==, "Mar 24 2020 16:16:12");
      g_assert_cmpstr (v->bin_version, ==, "3.0.3");
      g_assert_cmpstr (v->bin_module, ==, "Wroom 02");
    }
}

static void
test_gmr_old_and_bad (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnAtVersion) v = NULL;

  /* Old ESP8266 AT firmware: no bin version. */
  v = kiln_at_parse_gmr ("AT version:0.40.0.0(Aug  8 2015 14:45:58)\r\nSDK version:1.3.0\r\n"
                         "compile time:Aug  8 2015 17:19:38\r\nOK\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v->at_version, ==, "0.40.0.0");
  g_assert_cmpstr (v->sdk_version, ==, "1.3.0");
  g_assert_null (v->sdk_version_info);
  g_assert_null (v->bin_version);
  g_clear_pointer (&v, kiln_at_version_free);

  v = kiln_at_parse_gmr ("ERROR\r\n", &error);
  g_assert_null (v);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROTOCOL);
}

typedef struct
{
  const char  *command;
  const char  *input;
  KilnAtStatus status;
  const char  *reply;
  gsize        consumed;   /* G_MAXSIZE: all */
} CollectCase;

static void
test_collector (void)
{
  static const CollectCase cases[] = {
    { "AT", "AT\r\r\n\r\nOK\r\n", KILN_AT_OK, "", G_MAXSIZE },
    { "AT+GMR", gmr_esp32, KILN_AT_OK, NULL, G_MAXSIZE },
    /* With ATE0 there is no echo. */
    { "AT+CWMODE?", "+CWMODE:1\r\n\r\nOK\r\n", KILN_AT_OK, "+CWMODE:1", G_MAXSIZE },
    { "AT+FOO", "AT+FOO\r\r\nERR CODE:0x01090000\r\n\r\nERROR\r\n", KILN_AT_ERROR,
      "ERR CODE:0x01090000", G_MAXSIZE },
    { "AT+CWJAP=\"x\",\"y\"",
      "AT+CWJAP=\"x\",\"y\"\r\r\nWIFI DISCONNECT\r\n+CWJAP:1\r\n\r\nFAIL\r\n",
      KILN_AT_FAIL, "WIFI DISCONNECT\n+CWJAP:1", G_MAXSIZE },
    { "AT+CIPSEND=4", "AT+CIPSEND=4\r\r\n\r\nOK\r\n\r\n> ", KILN_AT_OK, "", 21 },
    { NULL, "\r\n> ", KILN_AT_PROMPT, "", 3 },
    { NULL, "\r\nRecv 4 bytes\r\n\r\nSEND OK\r\n", KILN_AT_SEND_OK, "Recv 4 bytes", G_MAXSIZE },
    { NULL, "\r\nSEND FAIL\r\n", KILN_AT_SEND_FAIL, "", G_MAXSIZE },
    /* What follows the final line is not the reply. */
    { "AT", "AT\r\r\n\r\nOK\r\nWIFI GOT IP\r\n", KILN_AT_OK, "", 11 },
    /* A reply that has not ended. */
    { "AT+GMR", "AT+GMR\r\r\nAT version:1.7.3.0", KILN_AT_PENDING, "", G_MAXSIZE },
    /* "busy p…" and "OKAY" are not final lines. */
    { "AT+RST", "busy p...\r\nOKAY\r\nOK\r\n", KILN_AT_OK, "busy p...\nOKAY", G_MAXSIZE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint mode = 0; mode < 2; mode++)
      {
        g_autoptr(KilnAtCollector) c = kiln_at_collector_new (cases[i].command);
        const guint8 *data = (const guint8 *) cases[i].input;
        gsize len = strlen (cases[i].input);
        gsize total = 0;
        KilnAtStatus status = KILN_AT_PENDING;

        if (mode == 0)
          status = kiln_at_collector_feed (c, data, len, &total);
        else
          /* Byte by byte: the result must not depend on the cuts. */
          for (gsize k = 0; k < len && status == KILN_AT_PENDING; k++)
            {
              gsize used = 0;
              status = kiln_at_collector_feed (c, data + k, 1, &used);
              total += used;
            }
        g_assert_cmpint (status, ==, cases[i].status);
        g_assert_cmpint (kiln_at_collector_get_status (c), ==, cases[i].status);
        if (cases[i].reply != NULL)
          g_assert_cmpstr (kiln_at_collector_get_reply (c), ==, cases[i].reply);
        g_assert_cmpuint (total, ==, cases[i].consumed == G_MAXSIZE ? len : cases[i].consumed);
        g_assert_true (kiln_at_collector_got_data (c));
      }

  /* The GMR reply as collected parses. */
  {
    g_autoptr(KilnAtCollector) c = kiln_at_collector_new ("AT+GMR");
    g_autoptr(KilnAtVersion) v = NULL;

    kiln_at_collector_feed (c, (const guint8 *) gmr_esp32, strlen (gmr_esp32), NULL);
    g_assert_null (strstr (kiln_at_collector_get_reply (c), "AT+GMR"));
    g_assert_null (strstr (kiln_at_collector_get_reply (c), "OK"));
    v = kiln_at_parse_gmr (kiln_at_collector_get_reply (c), NULL);
    g_assert_cmpstr (v->bin_module, ==, "WROOM-32");
  }
}

static void
test_status_names (void)
{
  g_assert_cmpstr (kiln_at_status_to_string (KILN_AT_OK), ==, "OK");
  g_assert_cmpstr (kiln_at_status_to_string (KILN_AT_SEND_OK), ==, "SEND OK");
  g_assert_cmpstr (kiln_at_status_to_string (KILN_AT_PROMPT), ==, ">");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiln/at/gmr-esp8266", test_gmr_esp8266);
  g_test_add_func ("/kiln/at/gmr-esp32", test_gmr_esp32);
  g_test_add_func ("/kiln/at/gmr-separators", test_gmr_separators);
  g_test_add_func ("/kiln/at/gmr-old-and-bad", test_gmr_old_and_bad);
  g_test_add_func ("/kiln/at/collector", test_collector);
  g_test_add_func ("/kiln/at/status-names", test_status_names);

  return g_test_run ();
}
