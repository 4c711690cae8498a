/* What every device module shares: option syntax and manifest attach. */
#include <string.h>

#include "mft_check.h"
#include "ukvm.h"

int module_device_option(const char *arg, const char *kind,
                         char name[MFT_NAME_SIZE], const char **value,
                         struct errbuf *err)
{
    size_t klen = strlen(kind), nlen;
    const char *eq;
    struct errbuf why;

    if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, kind, klen) != 0 ||
        arg[2 + klen] != ':')
        return 0;
    arg += 3 + klen;
    eq = strchr(arg, '=');
    if (!eq)
        return err_set(err, "--%s:%s: missing '=VALUE'", kind, arg);
    nlen = (size_t)(eq - arg);
    if (mft_check_name(arg, nlen, &why) < 0)
        return err_set(err, "--%s:%.*s: %s", kind, (int)(nlen > 80 ? 80 : nlen),
                       arg, why.msg);
    memcpy(name, arg, nlen);
    name[nlen] = '\0';
    *value = eq + 1;
    return 1;
}

int ukvm_attach_device(struct ukvm *vm, const char *option, const char *name,
                       uint32_t type, struct errbuf *err)
{
    int i = mft_find(vm->mft, name);
    struct mft_entry *e;

    if (i < 0)
        return err_set(err, "%s:%s: no device '%s' in the manifest", option,
                       name, name);
    e = &vm->mft->e[i];
    if (e->type != type)
        return err_set(err, "%s:%s: device '%s' is %s in the manifest", option,
                       name, name, mft_type_name(e->type));
    if (e->attached)
        return err_set(err, "%s:%s: device '%s' attached twice", option, name,
                       name);
    e->attached = 1;
    return i;
}

int ukvm_check_attached(const struct mft *m, struct errbuf *err)
{
    for (uint32_t i = 1; i < m->entries; i++)
        if (!m->e[i].attached)
            return err_set(err, "device '%s' is declared in the manifest but "
                           "not attached (use --%s:%s=%s)", m->e[i].name,
                           m->e[i].type == MFT_DEV_NET_BASIC ? "net" : "block",
                           m->e[i].name,
                           m->e[i].type == MFT_DEV_NET_BASIC ? "TAP" : "FILE");
    return 0;
}
