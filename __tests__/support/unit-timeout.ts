import { jest } from '@jest/globals'

// Unit tests touch nothing outside, but some make several RSA keys or push 64 MiB through a
// local server: with one worker per core and other work on a 2-core machine, that can pass
// Jest's 5 s default. The limit catches a hang, not a slow test; speed lives in bench/.
jest.setTimeout(30_000)
