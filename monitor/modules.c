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

int modules_setup(struct ukvm *vm, struct errbuf *err)
{
    for_each_module(m)
        if ((*m)->setup && (*m)->setup(vm, err) < 0)
            return -1;
    return ukvm_check_attached(vm->mft, err);
}

void modules_teardown(struct ukvm *vm)
{
    for_each_module(m)
        if ((*m)->teardown)
            (*m)->teardown(vm);
}
