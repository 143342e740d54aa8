#!/usr/bin/env node
console.log("cobre");
