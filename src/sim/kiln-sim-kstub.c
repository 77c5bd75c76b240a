/* kiln-sim-kstub.c: Kiln's own flasher stub, run by the virtual board.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When the code uploaded with MEM_* and started with MEM_END carries the
 * identification block of Kiln's stub (stub/core/kstub.h) for this chip,
 * the board runs the stub's portable core, compiled for the host, in
 * place of the stand-in personality (kiln-sim-stub.c): the code that ships
 * on the chip is the code the sim exercises.  Uploaded code for another
 * target does not run here; the chip goes quiet, as a real one would.
 *
 * This file is the stub's chip layer for the sim: the UART is the paced
 * wire, the flash is the sim's flash model.  The sim's clock is charged for
 * every flash operation the core performs, in the background, as on the
 * chip, where the UART interrupt takes the next block in while the main
 * loop programs the flash: a reply waits until earlier flash work is done.
 *
 * The main loop's idle steps (kstub_idle (): erasing ahead of a write
 * session) happen on the chip the moment it has no frame waiting, and a
 * frame completed meanwhile waits for the erase to end.  Here the core runs
 * as bytes arrive, so before each byte the steps the chip would have begun
 * earlier are taken, each charged from the moment the main loop was free:
 * a frame that arrives during an idle erase is handled after it, as on the
 * chip, though a data block the interrupt side acknowledges on arrival
 * (kstub_early_ack) is answered at once.  (If the host sends nothing more the last step is not taken; that
 * changes which part of the region is erased when a host walks away, not
 * the time of anything it sees.)
 */
#include "config.h"

#include <string.h>

#include "kiln-sim-private.h"
#include "kstub.h"

/* The sim's own knowledge of which stub build runs on which of its chips. */
static const struct
{
  const char *chip;
  guint32     target;
  gboolean    polled;     /* its chip layer polls the UART: erase before acknowledging */
} targets[] = {
  { "esp8266", KSTUB_TARGET_ESP8266, FALSE },
  { "esp32c3", KSTUB_TARGET_ESP32C3, TRUE },
  { "esp32c6", KSTUB_TARGET_ESP32C6, TRUE },
  { "esp32h2", KSTUB_TARGET_ESP32H2, TRUE },
};

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/**
 * kiln_sim_kstub_identify:
 * @version: (out): the stub version in the block
 *
 * Looks for Kiln's identification block in the uploaded RAM.
 *
 * Returns: -1 if there is none, 0 if it is for another chip, 1 if it is
 * Kiln's stub for this chip.
 */
int
kiln_sim_kstub_identify (KilnSim *sim,
                         guint32 *version)
{
  guint32 want = 0;

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_strcmp0 (targets[i].chip, sim->chip->name) == 0)
      want = targets[i].target;
  for (guint i = 0; i < sim->ram->len; i++)
    {
      KilnSimRamSeg *seg = &g_array_index (sim->ram, KilnSimRamSeg, i);

      for (guint32 off = 0; seg->size >= KSTUB_ID_SIZE && off <= seg->size - KSTUB_ID_SIZE;
           off += 4)
        if (memcmp (seg->data + off, KSTUB_ID_MAGIC, 8) == 0)
          {
            *version = le32 (seg->data + off + 8);
            return want != 0 && le32 (seg->data + off + 12) == want ? 1 : 0;
          }
    }
  return -1;
}

void
kiln_sim_kstub_start (KilnSim *sim)
{
  sim->stub.core = g_new0 (kstub, 1);
  kstub_init (sim->stub.core, sim, (guint32) sim->flash.size);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_strcmp0 (targets[i].chip, sim->chip->name) == 0)
      sim->stub.core->erase_before_ack = targets[i].polled;
  kstub_greet (sim->stub.core);
}

void
kiln_sim_kstub_free (KilnSim *sim)
{
  g_clear_pointer (&sim->stub.core, g_free);
}

static void
background (KilnSim *sim,
            gint64   cost)
{
  KilnSimStub *st = &sim->stub;

  st->bg_busy_until = MAX (st->bg_busy_until, MAX (sim->busy_until, sim->now)) + cost;
}

static void
follow_pending (KilnSim *sim)
{
  guint what = sim->stub.pending;
  guint32 entry = sim->stub.pending_entry;

  sim->stub.pending = KILN_SIM_KSTUB_NONE;
  switch (what)
    {
    case KILN_SIM_KSTUB_JUMP:
      {
        gboolean uploaded = FALSE;

        for (guint i = 0; i < sim->ram->len; i++)
          {
            KilnSimRamSeg *seg = &g_array_index (sim->ram, KilnSimRamSeg, i);
            if (entry >= seg->addr && (guint64) entry < (guint64) seg->addr + seg->size)
              uploaded = TRUE;
          }
        if (uploaded)
          kiln_sim_stub_start (sim);
        else
          {
            kiln_sim_stub_clear (sim);
            sim->mode = KILN_SIM_MODE_HALTED;
          }
      }
      break;
    case KILN_SIM_KSTUB_RUN_USER_CODE:
      sim->busy_until = MAX (sim->busy_until, sim->stub.bg_busy_until);
      kiln_sim_run_user_code (sim);
      break;
    default:
      break;
    }
}

/* Takes the idle steps the chip's main loop would have begun before @t. */
static void
idle_until (KilnSim *sim,
            gint64   t)
{
  KilnSimStub *st = &sim->stub;
  gint64 now = sim->now;

  while (st->core != NULL)
    {
      /* the main loop is free once its flash work and the frame it handled
       * last are done */
      gint64 start = MAX (MAX (st->bg_busy_until, sim->busy_until), st->idle_from);

      if (start >= t)
        break;
      sim->now = start;
      if (!kstub_idle (st->core))
        break;
    }
  sim->now = now;
}

static void
poll_core (KilnSim *sim)
{
  kstub *k = sim->stub.core;

  while (k != NULL && kstub_poll (k))
    {
      sim->stub.idle_from = MAX (sim->stub.idle_from, sim->now);
      sim->stats.command_errors += k->n_errors;
      sim->stats.checksum_errors += k->n_checksum;
      k->n_errors = k->n_checksum = 0;
      if (sim->stub.pending != KILN_SIM_KSTUB_NONE)
        {
          follow_pending (sim);
          return;
        }
      k = sim->stub.core;
    }
}

/* kstub_rx_byte () is the chip's UART interrupt: what it sends (a data
 * block acknowledged on arrival) goes out at once, whatever flash work the
 * main loop is held by. */
static void
rx_byte (KilnSim *sim,
         guint8   byte)
{
  sim->stub.in_interrupt = TRUE;
  kstub_rx_byte (sim->stub.core, byte);
  sim->stub.in_interrupt = FALSE;
}

static void
feed_frame (KilnSim      *sim,
            const guint8 *frame,
            gsize         len)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  kiln_slip_encode (wire, frame, len);
  for (guint i = 0; i < wire->len && sim->stub.core != NULL; i++)
    rx_byte (sim, wire->data[i]);
}

/* One byte from the host: the core's own SLIP decoder takes it; the sim's
 * decoder runs alongside only to count frames and for the dup fault. */
void
kiln_sim_kstub_rx (KilnSim *sim,
                   guint8   byte)
{
  idle_until (sim, sim->now);
  if (sim->stub.core == NULL)
    return;
  rx_byte (sim, byte);
  if (kiln_slip_decoder_feed (&sim->slip, byte) == KILN_SLIP_FRAME)
    {
      const guint8 *f = sim->slip.frame->data;
      gsize len = sim->slip.frame->len;

      sim->stats.frames_received++;
      if (len >= 8 && f[0] == 0x00)
        {
          sim->stats.commands++;
          sim->stats.op_count[f[1]]++;
          if (f[1] == KSTUB_OP_SYNC)
            sim->stats.syncs++;
        }
      if (kiln_sim_fault_due (sim, KILN_SIM_FAULT_DUP, sim->rx_n))
        {
          g_autofree guint8 *copy = g_memdup2 (f, len);
          poll_core (sim);
          if (sim->stub.core != NULL)
            feed_frame (sim, copy, len);
        }
    }
  poll_core (sim);
}

/* ---- the chip layer ------------------------------------------------------ */

void
kstub_port_tx (void          *port,
               const uint8_t *data,
               uint32_t       len)
{
  KilnSim *sim = port;

  if (sim->stub.in_interrupt)
    {
      gint64 busy = sim->busy_until;

      sim->busy_until = sim->now;
      kiln_sim_emit_noise (sim);
      kiln_sim_emit (sim, data, len);
      sim->busy_until = busy;
      return;
    }
  sim->busy_until = MAX (sim->busy_until, sim->stub.bg_busy_until);
  kiln_sim_emit_noise (sim);
  kiln_sim_emit (sim, data, len);
}

void
kstub_port_tx_drain (void *port)
{
  /* the wire already schedules each byte at the rate it was sent with */
}

void
kstub_port_set_baud (void     *port,
                     uint32_t  new_baud,
                     uint32_t  old_baud)
{
  KilnSim *sim = port;

  if (new_baud >= 300)
    sim->baud = new_baud;
}

int
kstub_port_flash_read (void     *port,
                       uint32_t  addr,
                       uint8_t  *buf,
                       uint32_t  len)
{
  KilnSim *sim = port;

  kiln_sim_flash_read (&sim->flash, addr, buf, len);
  if (sim->stub.core != NULL && sim->stub.core->cur_op == KSTUB_OP_SPI_FLASH_MD5)
    background (sim, kiln_sim_cost_us (sim->opts.md5_ms, len / 1048576.0));
  return 0;
}

int
kstub_port_flash_write (void          *port,
                        uint32_t       addr,
                        const uint8_t *buf,
                        uint32_t       len)
{
  KilnSim *sim = port;
  guint32 pages;

  if (len == 0)
    return 0;
  if (sim->rom.attached)
    {
      kiln_sim_flash_program (&sim->flash, addr, buf, len);
      sim->stats.bytes_programmed += len;
    }
  pages = (guint32) ((((guint64) addr + len - 1) / 256) - addr / 256 + 1);
  background (sim, kiln_sim_cost_us (sim->opts.write_ms, pages));
  return 0;
}

static int
erase (KilnSim *sim,
       guint32  addr,
       guint32  sectors)
{
  guint32 n_sectors = (guint32) (sim->flash.size / KILN_SIM_SECTOR);
  guint32 first = (addr / KILN_SIM_SECTOR) % n_sectors;

  kiln_sim_flash_erase_sectors (&sim->flash, first, MIN (sectors, n_sectors - first));
  sim->stats.sectors_erased += sectors;
  background (sim, kiln_sim_erase_cost (sim, first, sectors));
  return 0;
}

int
kstub_port_erase_sector (void     *port,
                         uint32_t  addr)
{
  return erase (port, addr, 1);
}

int
kstub_port_erase_block (void     *port,
                        uint32_t  addr)
{
  return erase (port, addr, 16);
}

int
kstub_port_erase_chip (void *port)
{
  KilnSim *sim = port;

  return erase (sim, 0, (guint32) (sim->flash.size / KILN_SIM_SECTOR));
}

void
kstub_port_flash_done (void *port)
{
  KilnSim *sim = port;
  g_autoptr(GError) error = NULL;

  if (!kiln_sim_save_flash_locked (sim, &error))
    g_warning ("%s", error->message);
}

int
kstub_port_spi_attach (void     *port,
                       uint32_t  config)
{
  KilnSim *sim = port;

  sim->rom.attached = TRUE;
  return 0;
}

void
kstub_port_spi_params (void           *port,
                       const uint32_t  params[6])
{
}

uint32_t
kstub_port_read_reg (void     *port,
                     uint32_t  addr)
{
  return kiln_sim_reg_read (port, addr);
}

void
kstub_port_write_reg (void     *port,
                      uint32_t  addr,
                      uint32_t  value)
{
  kiln_sim_reg_write (port, addr, value, 0xFFFFFFFFu);
}

void
kstub_port_delay_us (void     *port,
                     uint32_t  us)
{
  KilnSim *sim = port;

  if (sim->opts.pace)
    kiln_sim_busy (sim, us);
}

int
kstub_port_mem_begin (void     *port,
                      uint32_t  addr,
                      uint32_t  size)
{
  KilnSim *sim = port;
  KilnSimRamSeg seg;
  gboolean inside = FALSE;

  for (gsize i = 0; i < sim->chip->n_ram; i++)
    if (addr >= sim->chip->ram[i].start && (guint64) addr + size <= sim->chip->ram[i].end)
      inside = TRUE;
  if (!inside)
    return -1;
  seg.addr = addr;
  seg.size = size;
  seg.data = g_malloc0 (MAX (size, 1));
  g_array_append_val (sim->ram, seg);
  sim->ram_cur = &g_array_index (sim->ram, KilnSimRamSeg, sim->ram->len - 1);
  return 0;
}

void
kstub_port_mem_write (void          *port,
                      uint32_t       addr,
                      const uint8_t *data,
                      uint32_t       len)
{
  KilnSim *sim = port;

  if (sim->ram_cur != NULL && addr >= sim->ram_cur->addr
      && (guint64) addr + len <= (guint64) sim->ram_cur->addr + sim->ram_cur->size)
    memcpy (sim->ram_cur->data + (addr - sim->ram_cur->addr), data, len);
}

void
kstub_port_mem_jump (void     *port,
                     uint32_t  entry)
{
  KilnSim *sim = port;

  sim->stub.pending = KILN_SIM_KSTUB_JUMP;
  sim->stub.pending_entry = entry;
}

void
kstub_port_reboot (void *port)
{
  KilnSim *sim = port;

  kiln_sim_add_timer (sim, MAX (MAX (sim->d2h_tail, sim->now), sim->stub.bg_busy_until),
                      KILN_SIM_TIMER_REBOOT, KILN_SIM_RESET_SOFTWARE);
}

void
kstub_port_run_user_code (void *port)
{
  KilnSim *sim = port;

  sim->stub.pending = KILN_SIM_KSTUB_RUN_USER_CODE;
}
