/* SPDX-License-Identifier: ISC */
/* Walking the module table on behalf of either tender. */
#include "modules.h"

int modules_option(const char *arg, struct errbuf *err)
{
    for_each_module(m) {
        int r = (*m)->option ? (*m)->option(arg, err) : 0;
        if (r != 0)
            return r;
    }
    return 0;
}

void modules_usage(FILE *f)
{
    for_each_module(m)
        if ((*m)->usage)
            fputs((*m)->usage, f);
}

uint32_t modules_withheld(void)
{
    uint32_t bits = 0;

    for_each_module(m)
        if ((*m)->withheld)
            bits |= (*m)->withheld();
    return bits;
}

int modules_setup(struct ukvm *vm, struct errbuf *err)
{
    for_each_module(m)
        if ((*m)->setup && (*m)->setup(vm, err) < 0)
            return -1;
    return ukvm_check_attached(vm->mft, err);
}

const struct ukvm_module *module_for_device(uint32_t type)
{
    for_each_module(m)
        if ((*m)->device.type == type)
            return *m;
    return NULL;
}

void modules_start(struct ukvm *vm)
{
    for_each_module(m)
        if ((*m)->start)
            (*m)->start(vm);
}

bool modules_exit(struct ukvm *vm, const struct ukvm_exit *e)
{
    for_each_module(m)
        if ((*m)->exit && (*m)->exit(vm, e))
            return true;
    return false;
}

void modules_halt(struct ukvm *vm, const struct ukvm_halt *h)
{
    for_each_module(m)
        if ((*m)->halt)
            (*m)->halt(vm, h);
}

void modules_teardown(struct ukvm *vm)
{
    for_each_module(m)
        if ((*m)->teardown)
            (*m)->teardown(vm);
}
