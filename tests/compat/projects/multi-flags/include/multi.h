/* multi.h: what mod_multi's sources share. */
#ifndef MULTI_H
#define MULTI_H
#ifndef MULTI_SCALE
#error "MULTI_SCALE comes from the Makefile's -D"
#endif
/* The integer square root of n, through libm. */
int multi_root(int n);
#endif
