/* kiln-test-bootlog.c: decoding a log in a test (kiln-test-bootlog.h).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiln-test-bootlog.h"

void
result_clear (Result *r)
{
  g_clear_pointer (&r->events, g_ptr_array_unref);
  g_clear_pointer (&r->diagnoses, g_ptr_array_unref);
}

void
result_on_event (KilnBootEvent *event,
                 gpointer       user_data)
{
  Result *r = user_data;

  g_ptr_array_add (r->events, kiln_boot_event_ref (event));
}

void
result_on_diagnosis (KilnBootDiagnosis *diagnosis,
                     gpointer           user_data)
{
  Result *r = user_data;

  g_ptr_array_add (r->diagnoses, kiln_boot_diagnosis_ref (diagnosis));
}

void
decode (const guint8 *data,
        gsize         len,
        guint         baud,
        Chunking      chunking,
        Result       *r)
{
  g_autoptr(KilnBootlogDecoder) decoder = NULL;

  r->events = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_event_unref);
  r->diagnoses = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_boot_diagnosis_unref);
  decoder = kiln_bootlog_decoder_new (result_on_event, result_on_diagnosis, r);
  kiln_bootlog_decoder_set_baud (decoder, baud);
  switch (chunking)
    {
    case CHUNK_WHOLE:
      kiln_bootlog_decoder_feed (decoder, data, len);
      break;
    case CHUNK_BYTES:
      for (gsize i = 0; i < len; i++)
        kiln_bootlog_decoder_feed (decoder, data + i, 1);
      break;
    case CHUNK_RANDOM:
      for (gsize i = 0; i < len;)
        {
          gsize n = (gsize) g_test_rand_int_range (0, 40);

          n = MIN (n, len - i);
          kiln_bootlog_decoder_feed (decoder, data + i, n);
          i += n;
        }
      break;
    default:
      g_assert_not_reached ();
    }
  kiln_bootlog_decoder_flush (decoder);
}

void
decode_str (const char *log,
            Result     *r)
{
  decode ((const guint8 *) log, strlen (log), 0, CHUNK_WHOLE, r);
}

KilnBootEvent *
event_with_text (const Result *r,
                 const char   *text)
{
  for (guint i = 0; i < r->events->len; i++)
    {
      KilnBootEvent *e = g_ptr_array_index (r->events, i);
      if (strstr (e->text, text) != NULL)
        return e;
    }
  return NULL;
}

KilnBootEvent *
find_event (const Result      *r,
            KilnBootEventKind  kind,
            guint              nth)
{
  for (guint i = 0; i < r->events->len; i++)
    {
      KilnBootEvent *e = g_ptr_array_index (r->events, i);
      if (e->kind == kind && nth-- == 0)
        return e;
    }
  return NULL;
}

KilnBootDiagnosis *
find_diagnosis (const Result          *r,
                KilnBootDiagnosisKind  kind)
{
  for (guint i = 0; i < r->diagnoses->len; i++)
    {
      KilnBootDiagnosis *d = g_ptr_array_index (r->diagnoses, i);
      if (d->kind == kind)
        return d;
    }
  return NULL;
}

KilnBootDiagnosis *
first_diagnosis (const char *log)
{
  static GPtrArray *keep;
  GPtrArray *ranked = NULL;

  /* The ranked list of kiln_bootlog_decode(), kept until the next call. */
  g_clear_pointer (&keep, g_ptr_array_unref);
  kiln_bootlog_decode ((const guint8 *) log, strlen (log), 0, NULL, &ranked);
  keep = ranked;
  if (ranked->len == 0)
    return NULL;
  return g_ptr_array_index (ranked, 0);
}

/* The causes of every diagnosis, best first, joined with spaces. */
char *
ranked_causes (const char *log)
{
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(GString) causes = g_string_new (NULL);

  kiln_bootlog_decode ((const guint8 *) log, strlen (log), 0, NULL, &ranked);
  for (guint i = 0; i < ranked->len; i++)
    g_string_append_printf (causes, "%s%s", i > 0 ? " " : "",
                            ((KilnBootDiagnosis *) g_ptr_array_index (ranked, i))->cause);
  return g_string_free (g_steal_pointer (&causes), FALSE);
}

/* Whether any of the diagnoses of @log names @cause. */
gboolean
names_cause (const char *log,
             const char *cause)
{
  g_autofree char *causes = ranked_causes (log);
  g_auto(GStrv) each = g_strsplit (causes, " ", -1);

  return g_strv_contains ((const char *const *) each, cause);
}

/* The score of the diagnosis of @log that names @cause; it must have one. */
gint
score_of (const char *log,
          const char *cause)
{
  g_autoptr(GPtrArray) ranked = NULL;

  kiln_bootlog_decode ((const guint8 *) log, strlen (log), 0, NULL, &ranked);
  for (guint i = 0; i < ranked->len; i++)
    {
      KilnBootDiagnosis *d = g_ptr_array_index (ranked, i);

      if (g_str_equal (d->cause, cause))
        return d->score;
    }
  g_assert_not_reached ();
}
