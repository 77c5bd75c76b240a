/* harness-riscv.S: start-up and semihosting for the RV32 harness under
 * qemu-system-riscv32 -M virt -bios none -semihosting-config enable=on.
 *
 * SPDX-FileCopyrightText: 2026 The Kiln authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A semihosting call is ebreak between two marker instructions, all three
 * uncompressed; the operation in a0, a pointer to its arguments in a1.
 */
  .section .entry.text, "ax"
  .global harness_start
harness_start:
  .option push
  .option norelax
  la    gp, __global_pointer$
  .option pop
  la    sp, __stack_top
  call  harness_main
1:
  j     1b

  .text
  .global harness_semihost
  .balign 16
  .option push
  .option norvc
harness_semihost:
  slli  x0, x0, 0x1f
  ebreak
  srai  x0, x0, 7
  ret
  .option pop
