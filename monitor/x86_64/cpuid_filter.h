/* SPDX-License-Identifier: ISC */
#ifndef UKVM_CPUID_FILTER_H
#define UKVM_CPUID_FILTER_H

#include <linux/kvm.h>

/*
 * Hides from the guest what no unikernel needs and an attacker would like:
 * virtualization extensions (VMX, SMX, SVM and its leaf), SGX, and
 * performance monitoring.
 */
void cpuid_filter(struct kvm_cpuid2 *c);

#endif
