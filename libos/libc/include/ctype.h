/* SPDX-License-Identifier: ISC */
/* ctype.h: character classes of the C locale, for 0..255 and EOF. */
#ifndef _LIBC_CTYPE_H
#define _LIBC_CTYPE_H

int isalnum(int c);
int isalpha(int c);
int isdigit(int c);
int isxdigit(int c);
int isspace(int c);
int isupper(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int iscntrl(int c);
int isgraph(int c);
int tolower(int c);
int toupper(int c);

#endif
