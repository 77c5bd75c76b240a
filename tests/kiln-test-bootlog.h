/* kiln-test-bootlog.h: decoding a log in a test, and looking at what
 * came out (test-bootlog.c and the rules' tests, test-bootlog-rules.c and
 * test-bootlog-rules-run.c).
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "kiln-core.h"
#include "kiln-test-util.h"

/* Every event and every diagnosis as the decoder reported them. */
typedef struct
{
  GPtrArray *events;
  GPtrArray *diagnoses;
} Result;

void result_clear        (Result            *r);
/* A decoder's callbacks that fill a Result. */
void result_on_event     (KilnBootEvent     *event,
                          gpointer           user_data);
void result_on_diagnosis (KilnBootDiagnosis *diagnosis,
                          gpointer           user_data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* How the bytes are fed: all at once, one by one, in random pieces. */
typedef enum
{
  CHUNK_WHOLE,
  CHUNK_BYTES,
  CHUNK_RANDOM,
} Chunking;

void               decode          (const guint8          *data,
                                    gsize                  len,
                                    guint                  baud,
                                    Chunking               chunking,
                                    Result                *r);
void               decode_str      (const char            *log,
                                    Result                *r);
/* The first event whose line holds @text, or NULL. */
KilnBootEvent     *event_with_text (const Result          *r,
                                    const char            *text);
KilnBootEvent     *find_event      (const Result          *r,
                                    KilnBootEventKind      kind,
                                    guint                  nth);
KilnBootDiagnosis *find_diagnosis  (const Result          *r,
                                    KilnBootDiagnosisKind  kind);
/* The first of kiln_bootlog_decode()'s ranked diagnoses, kept until the
 * next call; NULL when there is none. */
KilnBootDiagnosis *first_diagnosis (const char            *log);
/* The causes of every diagnosis of @log, best first, joined with spaces. */
char              *ranked_causes   (const char            *log);
/* Whether any of the diagnoses of @log names @cause. */
gboolean           names_cause     (const char            *log,
                                    const char            *cause);
/* The score of the diagnosis of @log that names @cause; it must have one. */
gint               score_of        (const char            *log,
                                    const char            *cause);

