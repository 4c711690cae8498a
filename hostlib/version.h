/* SPDX-License-Identifier: ISC */
/*
 * ukvm's version, for every host program's --version. The scripts read
 * the same number from VERSION at the top of the tree (tests/bats/
 * tools_cli.bats checks that they agree).
 */
#ifndef UKVM_VERSION_H
#define UKVM_VERSION_H

#define UKVM_VERSION "0.1.0"

#endif
