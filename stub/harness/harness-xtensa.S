/* harness-xtensa.S: start-up and semihosting for the lx106 harness under
 * qemu-system-xtensa -M sim -cpu lx106 -semihosting.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stack goes where the ESP8266 ROM keeps its own, at the top of DRAM.
 * A simcall takes the call number in a2 and arguments in a3..a5 and
 * returns in a2.
 */
  .section .entry.text, "ax"
  .literal_position
  .literal .Lstack, 0x3ffffff0
  .align 4
  .global harness_start
harness_start:
  l32r  a1, .Lstack
  call0 harness_main
1:
  j     1b

  .text
  .align 4
  .global harness_simcall
  /* uint32_t harness_simcall (uint32_t nr, uint32_t a, uint32_t b, uint32_t c) */
harness_simcall:
  simcall
  ret

  /* QEMU's sim machine starts at the reset vector in its system ROM
   * whatever the ELF's entry says: jump from there to the harness. */
  .section .reset.text, "ax"
  .global harness_reset
harness_reset:
  j     1f
  .align 4
2:
  .word harness_start
1:
  l32r  a0, 2b
  jx    a0
