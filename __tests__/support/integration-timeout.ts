import { jest } from '@jest/globals'

// Integration tests drive a real engine and registries on a 2-core machine: Jest's 5 s
// default is too short for a push. (`testTimeout` is not honoured inside `projects`.)
jest.setTimeout(120_000)
