/*
 * What every unit test includes: cmocka with the headers it needs first.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#ifndef TV_TEST_DATADIR
#define TV_TEST_DATADIR "tests/data"
#endif
