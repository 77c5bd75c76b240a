/* kiln-image-check.c: refuse images that cannot run on the board.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs after the chip, its revision and its flash are known and before
 * anything is erased.  Only what certainly will not boot is refused: an
 * image for another chip, a chip revision the image excludes, a header that
 * declares more flash than the board has (the second-stage boot loader
 * stops at "Detected size … smaller than the size in the binary image
 * header"), and an image the ROM loads written where the ROM does not look
 * for it.  Raw data (file systems, irom0 code, init data, partition
 * tables) is never judged.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "kiln-error.h"
#include "kiln-image.h"
#include "kiln-image-check.h"
#include "kiln-layout.h"

void
kiln_image_mismatch_free (KilnImageMismatch *mismatch)
{
  if (mismatch == NULL)
    return;
  g_free (mismatch->message);
  g_free (mismatch);
}

/**
 * kiln_revision_parse_full:
 * @revision: (nullable): "v3.0", "v0.4"
 *
 * Returns: major × 100 + minor, as image headers store it, or -1
 */
gint
kiln_revision_parse_full (const char *revision)
{
  guint major, minor;

  if (revision == NULL || sscanf (revision, "v%u.%u", &major, &minor) != 2 || minor > 99)
    return -1;
  return (gint) (major * 100 + minor);
}

typedef struct
{
  const KilnBoardFacts *board;
  GPtrArray            *out;
  guint                 index;
  const char           *name;
} Ctx;

static void G_GNUC_PRINTF (3, 4)
add (Ctx                   *ctx,
     KilnImageMismatchKind  kind,
     const char            *format,
     ...)
{
  KilnImageMismatch *m = g_new0 (KilnImageMismatch, 1);
  va_list args;

  va_start (args, format);
  m->kind = kind;
  m->index = ctx->index;
  m->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->out, m);
}

static const char *
image_chip_name (const KilnImageInfo *info)
{
  if (info->kind == KILN_IMAGE_ESP8266_V1 || info->kind == KILN_IMAGE_ESP8266_V2)
    return "ESP8266";
  return info->chip != NULL ? info->chip->display_name : NULL;
}

/* An ESP32-family image with no segment mapped from flash is loaded whole
 * into RAM: that is what a second-stage boot loader is. */
static gboolean
is_esp32_boot_loader (const KilnImageInfo *info)
{
  if (info->segments == NULL || info->segments->len == 0)
    return FALSE;
  if (kiln_image_address_is_flash_mapped (info->chip, info->entry))
    return FALSE;
  for (guint i = 0; i < info->segments->len; i++)
    {
      const KilnImageSegment *s = &g_array_index (info->segments, KilnImageSegment, i);
      if (kiln_image_address_is_flash_mapped (info->chip, s->load_address))
        return FALSE;
    }
  return TRUE;
}

static char *
size_text (guint32 bytes)
{
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return g_strdup_printf (_("%u MB"), bytes / (1024 * 1024));
  return g_strdup_printf (_("%u KB"), bytes / 1024);
}

static void
check_other_chip (Ctx                 *ctx,
                  const KilnImageInfo *info)
{
  const KilnChipInfo *board = ctx->board->chip;
  const char *what = image_chip_name (info);

  if (what == NULL)
    {
      add (ctx, KILN_IMAGE_MISMATCH_OTHER_CHIP,
           _("%s is an image for a chip Kiln does not know (chip id %u), but the board is an %s. "
             "Choose the %s build of the firmware."),
           ctx->name, info->chip_id, board->display_name, board->display_name);
      return;
    }
  add (ctx, KILN_IMAGE_MISMATCH_OTHER_CHIP,
       _("%s is an %s image, but the board is an %s: it would not start. "
         "Choose the %s build of the firmware."),
       ctx->name, what, board->display_name, board->display_name);
}

static void
check_revision (Ctx                 *ctx,
                const KilnImageInfo *info)
{
  gint rev = kiln_revision_parse_full (ctx->board->revision);
  guint min = info->min_rev_full != 0 ? info->min_rev_full : info->min_rev * 100u;
  guint max = info->max_rev_full;

  if (rev < 0)
    return;
  if (min != 0 && (guint) rev < min)
    add (ctx, KILN_IMAGE_MISMATCH_REVISION,
         _("%s needs an %s of revision v%u.%u or later, but this chip is %s: its boot loader "
           "would refuse it. Build it with a lower minimum chip revision (ESP-IDF: "
           "Component config → Hardware Settings → Chip revision)."),
         ctx->name, ctx->board->chip->display_name, min / 100, min % 100, ctx->board->revision);
  /* 0 and 0xFFFF mean "no upper limit" (images built before the field). */
  else if (max != 0 && max != 0xFFFF && (guint) rev > max)
    add (ctx, KILN_IMAGE_MISMATCH_REVISION,
         _("%s supports %s revisions up to v%u.%u, but this chip is %s: its boot loader would "
           "refuse it. Build it with a newer ESP-IDF that knows this revision."),
         ctx->name, ctx->board->chip->display_name, max / 100, max % 100, ctx->board->revision);
}

static void
check_flash_size (Ctx                 *ctx,
                  const KilnImageInfo *info)
{
  const KilnChipInfo *chip = ctx->board->chip;
  const KilnFlashSize *declared = kiln_chip_flash_size_by_code (chip, info->flash_size_code);
  g_autofree char *have = NULL;
  g_autofree char *want = NULL;
  const KilnFlashSize *fit;

  if (declared == NULL || ctx->board->flash_size == 0 || declared->bytes <= ctx->board->flash_size)
    return;
  have = size_text (ctx->board->flash_size);
  want = size_text (declared->bytes);
  fit = kiln_chip_flash_size_by_bytes (chip, ctx->board->flash_size);
  add (ctx, KILN_IMAGE_MISMATCH_FLASH_SIZE,
       _("%s declares %s of flash in its header, but the board has %s: the firmware would stop "
         "at boot. Choose flash size %s (or “detect”)."),
       ctx->name, want, have, fit != NULL ? fit->name : have);
}

static void
check_offset (Ctx                 *ctx,
              const KilnImageInfo *info,
              guint32              address)
{
  const KilnChipInfo *chip = ctx->board->chip;
  guint32 boot = chip->bootloader_offset;

  switch (info->kind)
    {
    case KILN_IMAGE_ESP8266_V1:
      /* The ROM loads an 0xE9 image only from 0x0. */
      if (address != 0)
        add (ctx, KILN_IMAGE_MISMATCH_OFFSET,
             _("%s is an image the ESP8266 ROM starts (a boot loader or a whole firmware), but it "
               "is to be written at 0x%x: the ROM only loads it from 0x0. Write it at 0x0."),
             ctx->name, address);
      break;
    case KILN_IMAGE_ESP8266_V2:
      if (address == 0)
        add (ctx, KILN_IMAGE_MISMATCH_OFFSET,
             _("%s is an application for the SDK's boot loader (boot_v1.x), not something the "
               "ROM can start at 0x0. Write boot_v1.x.bin at 0x0 and this file at 0x1000 (user1)."),
             ctx->name);
      break;
    case KILN_IMAGE_ESP32:
      if (is_esp32_boot_loader (info))
        {
          if (address != boot)
            add (ctx, KILN_IMAGE_MISMATCH_OFFSET,
                 _("%s is the %s boot loader, but it is to be written at 0x%x: the ROM loads it "
                   "from 0x%x. Write it at 0x%x."),
                 ctx->name, chip->display_name, address, boot, boot);
        }
      else if (address == boot)
        add (ctx, KILN_IMAGE_MISMATCH_OFFSET,
             _("%s is an application, but 0x%x is where the %s ROM loads the boot loader from. "
               "Write the boot loader at 0x%x and the application at its partition (usually "
               "0x10000)."),
             ctx->name, address, chip->display_name, boot);
      break;
    default:
      break;
    }
}

static void
check_image (Ctx                 *ctx,
             const KilnImageInfo *info,
             guint32              address)
{
  const KilnChipInfo *board = ctx->board->chip;
  gboolean for_esp8266 = info->kind == KILN_IMAGE_ESP8266_V1 || info->kind == KILN_IMAGE_ESP8266_V2;

  if (info->kind == KILN_IMAGE_COMBINED)
    {
      for (guint i = 0; info->parts != NULL && i < info->parts->len; i++)
        {
          const KilnImagePart *part = &g_array_index (info->parts, KilnImagePart, i);
          if (part->info != NULL)
            check_image (ctx, part->info, address + part->offset);
        }
      return;
    }
  if (!for_esp8266 && info->kind != KILN_IMAGE_ESP32)
    return;
  /* A file that only looks like an image (its structure does not hold)
   * is data; the ROM would not start it either way. */
  if (!info->structure_ok)
    return;

  if (for_esp8266 != (board->id == KILN_CHIP_ESP8266) ||
      (info->kind == KILN_IMAGE_ESP32 && (gint) info->chip_id != board->image_chip_id))
    {
      check_other_chip (ctx, info);
      return;
    }
  if (info->kind == KILN_IMAGE_ESP32)
    check_revision (ctx, info);
  check_offset (ctx, info, address);
  /* The header the ROM and the boot loader go by is the one at the boot
   * loader's offset (on the ESP8266, boot.bin's at 0x0). */
  if (address == board->bootloader_offset && info->kind != KILN_IMAGE_ESP8266_V2)
    check_flash_size (ctx, info);
}

/**
 * kiln_image_check_regions:
 * @regions: (element-type KilnRegion): where each file goes (names for the
 *   messages)
 * @payloads: (element-type GBytes) (nullable): what will really be written
 *   for each region, headers patched; %NULL to check the regions' own data
 * @board: the detected board
 *
 * Returns: (transfer full) (element-type KilnImageMismatch): every reason
 *   an image would not run on @board; empty when all fit
 */
GPtrArray *
kiln_image_check_regions (GPtrArray            *regions,
                          GPtrArray            *payloads,
                          const KilnBoardFacts *board)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kiln_image_mismatch_free);
  Ctx ctx = { board, out, 0, NULL };

  g_return_val_if_fail (board != NULL && board->chip != NULL, out);

  for (guint i = 0; i < regions->len; i++)
    {
      const KilnRegion *r = g_ptr_array_index (regions, i);
      GBytes *data = payloads != NULL ? g_ptr_array_index (payloads, i) : r->data;
      /* No hint: the file says what it is, not what the board would like. */
      g_autoptr(KilnImageInfo) info = kiln_image_info_new (data, NULL);

      ctx.index = i;
      ctx.name = r->name;
      check_image (&ctx, info, r->address);
    }
  return out;
}

/**
 * kiln_image_check_error:
 * @mismatches: (element-type KilnImageMismatch): from kiln_image_check_regions()
 *
 * Returns: %TRUE when @mismatches is empty, else %FALSE with a
 *   %KILN_ERROR_IMAGE_MISMATCH holding every message, one per line
 */
gboolean
kiln_image_check_error (GPtrArray  *mismatches,
                        GError    **error)
{
  g_autoptr(GString) text = NULL;

  if (mismatches->len == 0)
    return TRUE;
  text = g_string_new (NULL);
  for (guint i = 0; i < mismatches->len; i++)
    {
      const KilnImageMismatch *m = g_ptr_array_index (mismatches, i);
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, m->message);
    }
  g_set_error_literal (error, KILN_ERROR, KILN_ERROR_IMAGE_MISMATCH, text->str);
  return FALSE;
}
