#!/usr/bin/env node
import * as core from "@actions/core"
console.log(core.toPlatformPath("a/b"))
