/* kiln-test-bootlog.h: decoding a log in a test, and looking at what
 * came out (test-bootlog.c, test-bootlog-rules.c).
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
KilnBootEvent     *find_event      (const Result          *r,
                                    KilnBootEventKind      kind,
                                    guint                  nth);
KilnBootDiagnosis *find_diagnosis  (const Result          *r,
                                    KilnBootDiagnosisKind  kind);
/* The first of kiln_bootlog_decode()'s ranked diagnoses, kept until the
 * next call; NULL when there is none. */
KilnBootDiagnosis *first_diagnosis (const char            *log);

