/******/ (() => { // webpackBootstrap
/******/ 	var __webpack_modules__ = ({

/***/ 110:
/***/ ((module, exports, __nccwpck_require__) => {

/* eslint-env browser */

/**
 * This is the web browser implementation of `debug()`.
 */

exports.formatArgs = formatArgs;
exports.save = save;
exports.load = load;
exports.useColors = useColors;
exports.storage = localstorage();
exports.destroy = (() => {
	let warned = false;

	return () => {
		if (!warned) {
			warned = true;
			console.warn('Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.');
		}
	};
})();

/**
 * Colors.
 */

exports.colors = [
	'#0000CC',
	'#0000FF',
	'#0033CC',
	'#0033FF',
	'#0066CC',
	'#0066FF',
	'#0099CC',
	'#0099FF',
	'#00CC00',
	'#00CC33',
	'#00CC66',
	'#00CC99',
	'#00CCCC',
	'#00CCFF',
	'#3300CC',
	'#3300FF',
	'#3333CC',
	'#3333FF',
	'#3366CC',
	'#3366FF',
	'#3399CC',
	'#3399FF',
	'#33CC00',
	'#33CC33',
	'#33CC66',
	'#33CC99',
	'#33CCCC',
	'#33CCFF',
	'#6600CC',
	'#6600FF',
	'#6633CC',
	'#6633FF',
	'#66CC00',
	'#66CC33',
	'#9900CC',
	'#9900FF',
	'#9933CC',
	'#9933FF',
	'#99CC00',
	'#99CC33',
	'#CC0000',
	'#CC0033',
	'#CC0066',
	'#CC0099',
	'#CC00CC',
	'#CC00FF',
	'#CC3300',
	'#CC3333',
	'#CC3366',
	'#CC3399',
	'#CC33CC',
	'#CC33FF',
	'#CC6600',
	'#CC6633',
	'#CC9900',
	'#CC9933',
	'#CCCC00',
	'#CCCC33',
	'#FF0000',
	'#FF0033',
	'#FF0066',
	'#FF0099',
	'#FF00CC',
	'#FF00FF',
	'#FF3300',
	'#FF3333',
	'#FF3366',
	'#FF3399',
	'#FF33CC',
	'#FF33FF',
	'#FF6600',
	'#FF6633',
	'#FF9900',
	'#FF9933',
	'#FFCC00',
	'#FFCC33'
];

/**
 * Currently only WebKit-based Web Inspectors, Firefox >= v31,
 * and the Firebug extension (any Firefox version) are known
 * to support "%c" CSS customizations.
 *
 * TODO: add a `localStorage` variable to explicitly enable/disable colors
 */

// eslint-disable-next-line complexity
function useColors() {
	// NB: In an Electron preload script, document will be defined but not fully
	// initialized. Since we know we're in Chrome, we'll just detect this case
	// explicitly
	if (typeof window !== 'undefined' && window.process && (window.process.type === 'renderer' || window.process.__nwjs)) {
		return true;
	}

	// Internet Explorer and Edge do not support colors.
	if (typeof navigator !== 'undefined' && navigator.userAgent && navigator.userAgent.toLowerCase().match(/(edge|trident)\/(\d+)/)) {
		return false;
	}

	let m;

	// Is webkit? http://stackoverflow.com/a/16459606/376773
	// document is undefined in react-native: https://github.com/facebook/react-native/pull/1632
	// eslint-disable-next-line no-return-assign
	return (typeof document !== 'undefined' && document.documentElement && document.documentElement.style && document.documentElement.style.WebkitAppearance) ||
		// Is firebug? http://stackoverflow.com/a/398120/376773
		(typeof window !== 'undefined' && window.console && (window.console.firebug || (window.console.exception && window.console.table))) ||
		// Is firefox >= v31?
		// https://developer.mozilla.org/en-US/docs/Tools/Web_Console#Styling_messages
		(typeof navigator !== 'undefined' && navigator.userAgent && (m = navigator.userAgent.toLowerCase().match(/firefox\/(\d+)/)) && parseInt(m[1], 10) >= 31) ||
		// Double check webkit in userAgent just in case we are in a worker
		(typeof navigator !== 'undefined' && navigator.userAgent && navigator.userAgent.toLowerCase().match(/applewebkit\/(\d+)/));
}

/**
 * Colorize log arguments if enabled.
 *
 * @api public
 */

function formatArgs(args) {
	args[0] = (this.useColors ? '%c' : '') +
		this.namespace +
		(this.useColors ? ' %c' : ' ') +
		args[0] +
		(this.useColors ? '%c ' : ' ') +
		'+' + module.exports.humanize(this.diff);

	if (!this.useColors) {
		return;
	}

	const c = 'color: ' + this.color;
	args.splice(1, 0, c, 'color: inherit');

	// The final "%c" is somewhat tricky, because there could be other
	// arguments passed either before or after the %c, so we need to
	// figure out the correct index to insert the CSS into
	let index = 0;
	let lastC = 0;
	args[0].replace(/%[a-zA-Z%]/g, match => {
		if (match === '%%') {
			return;
		}
		index++;
		if (match === '%c') {
			// We only are interested in the *last* %c
			// (the user may have provided their own)
			lastC = index;
		}
	});

	args.splice(lastC, 0, c);
}

/**
 * Invokes `console.debug()` when available.
 * No-op when `console.debug` is not a "function".
 * If `console.debug` is not available, falls back
 * to `console.log`.
 *
 * @api public
 */
exports.log = console.debug || console.log || (() => {});

/**
 * Save `namespaces`.
 *
 * @param {String} namespaces
 * @api private
 */
function save(namespaces) {
	try {
		if (namespaces) {
			exports.storage.setItem('debug', namespaces);
		} else {
			exports.storage.removeItem('debug');
		}
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}
}

/**
 * Load `namespaces`.
 *
 * @return {String} returns the previously persisted debug modes
 * @api private
 */
function load() {
	let r;
	try {
		r = exports.storage.getItem('debug') || exports.storage.getItem('DEBUG') ;
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}

	// If debug isn't set in LS, and we're in Electron, try to load $DEBUG
	if (!r && typeof process !== 'undefined' && 'env' in process) {
		r = process.env.DEBUG;
	}

	return r;
}

/**
 * Localstorage attempts to return the localstorage.
 *
 * This is necessary because safari throws
 * when a user disables cookies/localstorage
 * and you attempt to access it.
 *
 * @return {LocalStorage}
 * @api private
 */

function localstorage() {
	try {
		// TVMLKit (Apple TV JS Runtime) does not have a window object, just localStorage in the global context
		// The Browser also has localStorage in the global context.
		return localStorage;
	} catch (error) {
		// Swallow
		// XXX (@Qix-) should we be logging these?
	}
}

module.exports = __nccwpck_require__(897)(exports);

const {formatters} = module.exports;

/**
 * Map %j to `JSON.stringify()`, since no Web Inspectors do that by default.
 */

formatters.j = function (v) {
	try {
		return JSON.stringify(v);
	} catch (error) {
		return '[UnexpectedJSONParseError]: ' + error.message;
	}
};


/***/ }),

/***/ 897:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


/**
 * This is the common logic for both the Node.js and web browser
 * implementations of `debug()`.
 */

function setup(env) {
	createDebug.debug = createDebug;
	createDebug.default = createDebug;
	createDebug.coerce = coerce;
	createDebug.disable = disable;
	createDebug.enable = enable;
	createDebug.enabled = enabled;
	createDebug.humanize = __nccwpck_require__(744);
	createDebug.destroy = destroy;

	Object.keys(env).forEach(key => {
		createDebug[key] = env[key];
	});

	/**
	* The currently active debug mode names, and names to skip.
	*/

	createDebug.names = [];
	createDebug.skips = [];

	/**
	* Map of special "%n" handling functions, for the debug "format" argument.
	*
	* Valid key names are a single, lower or upper-case letter, i.e. "n" and "N".
	*/
	createDebug.formatters = {};

	/**
	* Selects a color for a debug namespace
	* @param {String} namespace The namespace string for the debug instance to be colored
	* @return {Number|String} An ANSI color code for the given namespace
	* @api private
	*/
	function selectColor(namespace) {
		let hash = 0;

		for (let i = 0; i < namespace.length; i++) {
			hash = ((hash << 5) - hash) + namespace.charCodeAt(i);
			hash |= 0; // Convert to 32bit integer
		}

		return createDebug.colors[Math.abs(hash) % createDebug.colors.length];
	}
	createDebug.selectColor = selectColor;

	/**
	* Create a debugger with the given `namespace`.
	*
	* @param {String} namespace
	* @return {Function}
	* @api public
	*/
	function createDebug(namespace) {
		let prevTime;
		let enableOverride = null;
		let namespacesCache;
		let enabledCache;

		function debug(...args) {
			// Disabled?
			if (!debug.enabled) {
				return;
			}

			const self = debug;

			// Set `diff` timestamp
			const curr = Number(new Date());
			const ms = curr - (prevTime || curr);
			self.diff = ms;
			self.prev = prevTime;
			self.curr = curr;
			prevTime = curr;

			args[0] = createDebug.coerce(args[0]);

			if (typeof args[0] !== 'string') {
				// Anything else let's inspect with %O
				args.unshift('%O');
			}

			// Apply any `formatters` transformations
			let index = 0;
			args[0] = args[0].replace(/%([a-zA-Z%])/g, (match, format) => {
				// If we encounter an escaped % then don't increase the array index
				if (match === '%%') {
					return '%';
				}
				index++;
				const formatter = createDebug.formatters[format];
				if (typeof formatter === 'function') {
					const val = args[index];
					match = formatter.call(self, val);

					// Now we need to remove `args[index]` since it's inlined in the `format`
					args.splice(index, 1);
					index--;
				}
				return match;
			});

			// Apply env-specific formatting (colors, etc.)
			createDebug.formatArgs.call(self, args);

			const logFn = self.log || createDebug.log;
			logFn.apply(self, args);
		}

		debug.namespace = namespace;
		debug.useColors = createDebug.useColors();
		debug.color = createDebug.selectColor(namespace);
		debug.extend = extend;
		debug.destroy = createDebug.destroy; // XXX Temporary. Will be removed in the next major release.

		Object.defineProperty(debug, 'enabled', {
			enumerable: true,
			configurable: false,
			get: () => {
				if (enableOverride !== null) {
					return enableOverride;
				}
				if (namespacesCache !== createDebug.namespaces) {
					namespacesCache = createDebug.namespaces;
					enabledCache = createDebug.enabled(namespace);
				}

				return enabledCache;
			},
			set: v => {
				enableOverride = v;
			}
		});

		// Env-specific initialization logic for debug instances
		if (typeof createDebug.init === 'function') {
			createDebug.init(debug);
		}

		return debug;
	}

	function extend(namespace, delimiter) {
		const newDebug = createDebug(this.namespace + (typeof delimiter === 'undefined' ? ':' : delimiter) + namespace);
		newDebug.log = this.log;
		return newDebug;
	}

	/**
	* Enables a debug mode by namespaces. This can include modes
	* separated by a colon and wildcards.
	*
	* @param {String} namespaces
	* @api public
	*/
	function enable(namespaces) {
		createDebug.save(namespaces);
		createDebug.namespaces = namespaces;

		createDebug.names = [];
		createDebug.skips = [];

		const split = (typeof namespaces === 'string' ? namespaces : '')
			.trim()
			.replace(/\s+/g, ',')
			.split(',')
			.filter(Boolean);

		for (const ns of split) {
			if (ns[0] === '-') {
				createDebug.skips.push(ns.slice(1));
			} else {
				createDebug.names.push(ns);
			}
		}
	}

	/**
	 * Checks if the given string matches a namespace template, honoring
	 * asterisks as wildcards.
	 *
	 * @param {String} search
	 * @param {String} template
	 * @return {Boolean}
	 */
	function matchesTemplate(search, template) {
		let searchIndex = 0;
		let templateIndex = 0;
		let starIndex = -1;
		let matchIndex = 0;

		while (searchIndex < search.length) {
			if (templateIndex < template.length && (template[templateIndex] === search[searchIndex] || template[templateIndex] === '*')) {
				// Match character or proceed with wildcard
				if (template[templateIndex] === '*') {
					starIndex = templateIndex;
					matchIndex = searchIndex;
					templateIndex++; // Skip the '*'
				} else {
					searchIndex++;
					templateIndex++;
				}
			} else if (starIndex !== -1) { // eslint-disable-line no-negated-condition
				// Backtrack to the last '*' and try to match more characters
				templateIndex = starIndex + 1;
				matchIndex++;
				searchIndex = matchIndex;
			} else {
				return false; // No match
			}
		}

		// Handle trailing '*' in template
		while (templateIndex < template.length && template[templateIndex] === '*') {
			templateIndex++;
		}

		return templateIndex === template.length;
	}

	/**
	* Disable debug output.
	*
	* @return {String} namespaces
	* @api public
	*/
	function disable() {
		const namespaces = [
			...createDebug.names,
			...createDebug.skips.map(namespace => '-' + namespace)
		].join(',');
		createDebug.enable('');
		return namespaces;
	}

	/**
	* Returns true if the given mode name is enabled, false otherwise.
	*
	* @param {String} name
	* @return {Boolean}
	* @api public
	*/
	function enabled(name) {
		for (const skip of createDebug.skips) {
			if (matchesTemplate(name, skip)) {
				return false;
			}
		}

		for (const ns of createDebug.names) {
			if (matchesTemplate(name, ns)) {
				return true;
			}
		}

		return false;
	}

	/**
	* Coerce `val`.
	*
	* @param {Mixed} val
	* @return {Mixed}
	* @api private
	*/
	function coerce(val) {
		if (val instanceof Error) {
			return val.stack || val.message;
		}
		return val;
	}

	/**
	* XXX DO NOT USE. This is a temporary stub function.
	* XXX It WILL be removed in the next major release.
	*/
	function destroy() {
		console.warn('Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.');
	}

	createDebug.enable(createDebug.load());

	return createDebug;
}

module.exports = setup;


/***/ }),

/***/ 830:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

/**
 * Detect Electron renderer / nwjs process, which is node, but we should
 * treat as a browser.
 */

if (typeof process === 'undefined' || process.type === 'renderer' || process.browser === true || process.__nwjs) {
	module.exports = __nccwpck_require__(110);
} else {
	module.exports = __nccwpck_require__(108);
}


/***/ }),

/***/ 108:
/***/ ((module, exports, __nccwpck_require__) => {

/**
 * Module dependencies.
 */

const tty = __nccwpck_require__(18);
const util = __nccwpck_require__(23);

/**
 * This is the Node.js implementation of `debug()`.
 */

exports.init = init;
exports.log = log;
exports.formatArgs = formatArgs;
exports.save = save;
exports.load = load;
exports.useColors = useColors;
exports.destroy = util.deprecate(
	() => {},
	'Instance method `debug.destroy()` is deprecated and no longer does anything. It will be removed in the next major version of `debug`.'
);

/**
 * Colors.
 */

exports.colors = [6, 2, 3, 4, 5, 1];

try {
	// Optional dependency (as in, doesn't need to be installed, NOT like optionalDependencies in package.json)
	// eslint-disable-next-line import/no-extraneous-dependencies
	const supportsColor = __nccwpck_require__(69);

	if (supportsColor && (supportsColor.stderr || supportsColor).level >= 2) {
		exports.colors = [
			20,
			21,
			26,
			27,
			32,
			33,
			38,
			39,
			40,
			41,
			42,
			43,
			44,
			45,
			56,
			57,
			62,
			63,
			68,
			69,
			74,
			75,
			76,
			77,
			78,
			79,
			80,
			81,
			92,
			93,
			98,
			99,
			112,
			113,
			128,
			129,
			134,
			135,
			148,
			149,
			160,
			161,
			162,
			163,
			164,
			165,
			166,
			167,
			168,
			169,
			170,
			171,
			172,
			173,
			178,
			179,
			184,
			185,
			196,
			197,
			198,
			199,
			200,
			201,
			202,
			203,
			204,
			205,
			206,
			207,
			208,
			209,
			214,
			215,
			220,
			221
		];
	}
} catch (error) {
	// Swallow - we only care if `supports-color` is available; it doesn't have to be.
}

/**
 * Build up the default `inspectOpts` object from the environment variables.
 *
 *   $ DEBUG_COLORS=no DEBUG_DEPTH=10 DEBUG_SHOW_HIDDEN=enabled node script.js
 */

exports.inspectOpts = Object.keys(process.env).filter(key => {
	return /^debug_/i.test(key);
}).reduce((obj, key) => {
	// Camel-case
	const prop = key
		.substring(6)
		.toLowerCase()
		.replace(/_([a-z])/g, (_, k) => {
			return k.toUpperCase();
		});

	// Coerce string value into JS value
	let val = process.env[key];
	if (/^(yes|on|true|enabled)$/i.test(val)) {
		val = true;
	} else if (/^(no|off|false|disabled)$/i.test(val)) {
		val = false;
	} else if (val === 'null') {
		val = null;
	} else {
		val = Number(val);
	}

	obj[prop] = val;
	return obj;
}, {});

/**
 * Is stdout a TTY? Colored output is enabled when `true`.
 */

function useColors() {
	return 'colors' in exports.inspectOpts ?
		Boolean(exports.inspectOpts.colors) :
		tty.isatty(process.stderr.fd);
}

/**
 * Adds ANSI color escape codes if enabled.
 *
 * @api public
 */

function formatArgs(args) {
	const {namespace: name, useColors} = this;

	if (useColors) {
		const c = this.color;
		const colorCode = '\u001B[3' + (c < 8 ? c : '8;5;' + c);
		const prefix = `  ${colorCode};1m${name} \u001B[0m`;

		args[0] = prefix + args[0].split('\n').join('\n' + prefix);
		args.push(colorCode + 'm+' + module.exports.humanize(this.diff) + '\u001B[0m');
	} else {
		args[0] = getDate() + name + ' ' + args[0];
	}
}

function getDate() {
	if (exports.inspectOpts.hideDate) {
		return '';
	}
	return new Date().toISOString() + ' ';
}

/**
 * Invokes `util.formatWithOptions()` with the specified arguments and writes to stderr.
 */

function log(...args) {
	return process.stderr.write(util.formatWithOptions(exports.inspectOpts, ...args) + '\n');
}

/**
 * Save `namespaces`.
 *
 * @param {String} namespaces
 * @api private
 */
function save(namespaces) {
	if (namespaces) {
		process.env.DEBUG = namespaces;
	} else {
		// If you set a process.env field to null or undefined, it gets cast to the
		// string 'null' or 'undefined'. Just delete instead.
		delete process.env.DEBUG;
	}
}

/**
 * Load `namespaces`.
 *
 * @return {String} returns the previously persisted debug modes
 * @api private
 */

function load() {
	return process.env.DEBUG;
}

/**
 * Init logic for `debug` instances.
 *
 * Create a new `inspectOpts` object in case `useColors` is set
 * differently for a particular `debug` instance.
 */

function init(debug) {
	debug.inspectOpts = {};

	const keys = Object.keys(exports.inspectOpts);
	for (let i = 0; i < keys.length; i++) {
		debug.inspectOpts[keys[i]] = exports.inspectOpts[keys[i]];
	}
}

module.exports = __nccwpck_require__(897)(exports);

const {formatters} = module.exports;

/**
 * Map %o to `util.inspect()`, all on a single line.
 */

formatters.o = function (v) {
	this.inspectOpts.colors = this.useColors;
	return util.inspect(v, this.inspectOpts)
		.split('\n')
		.map(str => str.trim())
		.join(' ');
};

/**
 * Map %O to `util.inspect()`, allowing multiple lines if needed.
 */

formatters.O = function (v) {
	this.inspectOpts.colors = this.useColors;
	return util.inspect(v, this.inspectOpts);
};


/***/ }),

/***/ 813:
/***/ ((module) => {

"use strict";


module.exports = (flag, argv = process.argv) => {
	const prefix = flag.startsWith('-') ? '' : (flag.length === 1 ? '-' : '--');
	const position = argv.indexOf(prefix + flag);
	const terminatorPosition = argv.indexOf('--');
	return position !== -1 && (terminatorPosition === -1 || position < terminatorPosition);
};


/***/ }),

/***/ 744:
/***/ ((module) => {

/**
 * Helpers.
 */

var s = 1000;
var m = s * 60;
var h = m * 60;
var d = h * 24;
var w = d * 7;
var y = d * 365.25;

/**
 * Parse or format the given `val`.
 *
 * Options:
 *
 *  - `long` verbose formatting [false]
 *
 * @param {String|Number} val
 * @param {Object} [options]
 * @throws {Error} throw an error if val is not a non-empty string or a number
 * @return {String|Number}
 * @api public
 */

module.exports = function (val, options) {
  options = options || {};
  var type = typeof val;
  if (type === 'string' && val.length > 0) {
    return parse(val);
  } else if (type === 'number' && isFinite(val)) {
    return options.long ? fmtLong(val) : fmtShort(val);
  }
  throw new Error(
    'val is not a non-empty string or a valid number. val=' +
      JSON.stringify(val)
  );
};

/**
 * Parse the given `str` and return milliseconds.
 *
 * @param {String} str
 * @return {Number}
 * @api private
 */

function parse(str) {
  str = String(str);
  if (str.length > 100) {
    return;
  }
  var match = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(
    str
  );
  if (!match) {
    return;
  }
  var n = parseFloat(match[1]);
  var type = (match[2] || 'ms').toLowerCase();
  switch (type) {
    case 'years':
    case 'year':
    case 'yrs':
    case 'yr':
    case 'y':
      return n * y;
    case 'weeks':
    case 'week':
    case 'w':
      return n * w;
    case 'days':
    case 'day':
    case 'd':
      return n * d;
    case 'hours':
    case 'hour':
    case 'hrs':
    case 'hr':
    case 'h':
      return n * h;
    case 'minutes':
    case 'minute':
    case 'mins':
    case 'min':
    case 'm':
      return n * m;
    case 'seconds':
    case 'second':
    case 'secs':
    case 'sec':
    case 's':
      return n * s;
    case 'milliseconds':
    case 'millisecond':
    case 'msecs':
    case 'msec':
    case 'ms':
      return n;
    default:
      return undefined;
  }
}

/**
 * Short format for `ms`.
 *
 * @param {Number} ms
 * @return {String}
 * @api private
 */

function fmtShort(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) {
    return Math.round(ms / d) + 'd';
  }
  if (msAbs >= h) {
    return Math.round(ms / h) + 'h';
  }
  if (msAbs >= m) {
    return Math.round(ms / m) + 'm';
  }
  if (msAbs >= s) {
    return Math.round(ms / s) + 's';
  }
  return ms + 'ms';
}

/**
 * Long format for `ms`.
 *
 * @param {Number} ms
 * @return {String}
 * @api private
 */

function fmtLong(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) {
    return plural(ms, msAbs, d, 'day');
  }
  if (msAbs >= h) {
    return plural(ms, msAbs, h, 'hour');
  }
  if (msAbs >= m) {
    return plural(ms, msAbs, m, 'minute');
  }
  if (msAbs >= s) {
    return plural(ms, msAbs, s, 'second');
  }
  return ms + ' ms';
}

/**
 * Pluralization helper.
 */

function plural(ms, msAbs, n, name) {
  var isPlural = msAbs >= n * 1.5;
  return Math.round(ms / n) + ' ' + name + (isPlural ? 's' : '');
}


/***/ }),

/***/ 69:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

"use strict";

const os = __nccwpck_require__(857);
const tty = __nccwpck_require__(18);
const hasFlag = __nccwpck_require__(813);

const {env} = process;

let forceColor;
if (hasFlag('no-color') ||
	hasFlag('no-colors') ||
	hasFlag('color=false') ||
	hasFlag('color=never')) {
	forceColor = 0;
} else if (hasFlag('color') ||
	hasFlag('colors') ||
	hasFlag('color=true') ||
	hasFlag('color=always')) {
	forceColor = 1;
}

if ('FORCE_COLOR' in env) {
	if (env.FORCE_COLOR === 'true') {
		forceColor = 1;
	} else if (env.FORCE_COLOR === 'false') {
		forceColor = 0;
	} else {
		forceColor = env.FORCE_COLOR.length === 0 ? 1 : Math.min(parseInt(env.FORCE_COLOR, 10), 3);
	}
}

function translateLevel(level) {
	if (level === 0) {
		return false;
	}

	return {
		level,
		hasBasic: true,
		has256: level >= 2,
		has16m: level >= 3
	};
}

function supportsColor(haveStream, streamIsTTY) {
	if (forceColor === 0) {
		return 0;
	}

	if (hasFlag('color=16m') ||
		hasFlag('color=full') ||
		hasFlag('color=truecolor')) {
		return 3;
	}

	if (hasFlag('color=256')) {
		return 2;
	}

	if (haveStream && !streamIsTTY && forceColor === undefined) {
		return 0;
	}

	const min = forceColor || 0;

	if (env.TERM === 'dumb') {
		return min;
	}

	if (process.platform === 'win32') {
		// Windows 10 build 10586 is the first Windows release that supports 256 colors.
		// Windows 10 build 14931 is the first release that supports 16m/TrueColor.
		const osRelease = os.release().split('.');
		if (
			Number(osRelease[0]) >= 10 &&
			Number(osRelease[2]) >= 10586
		) {
			return Number(osRelease[2]) >= 14931 ? 3 : 2;
		}

		return 1;
	}

	if ('CI' in env) {
		if (['TRAVIS', 'CIRCLECI', 'APPVEYOR', 'GITLAB_CI', 'GITHUB_ACTIONS', 'BUILDKITE'].some(sign => sign in env) || env.CI_NAME === 'codeship') {
			return 1;
		}

		return min;
	}

	if ('TEAMCITY_VERSION' in env) {
		return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? 1 : 0;
	}

	if (env.COLORTERM === 'truecolor') {
		return 3;
	}

	if ('TERM_PROGRAM' in env) {
		const version = parseInt((env.TERM_PROGRAM_VERSION || '').split('.')[0], 10);

		switch (env.TERM_PROGRAM) {
			case 'iTerm.app':
				return version >= 3 ? 3 : 2;
			case 'Apple_Terminal':
				return 2;
			// No default
		}
	}

	if (/-256(color)?$/i.test(env.TERM)) {
		return 2;
	}

	if (/^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(env.TERM)) {
		return 1;
	}

	if ('COLORTERM' in env) {
		return 1;
	}

	return min;
}

function getSupportLevel(stream) {
	const level = supportsColor(stream, stream && stream.isTTY);
	return translateLevel(level);
}

module.exports = {
	supportsColor: getSupportLevel,
	stdout: translateLevel(supportsColor(true, tty.isatty(1))),
	stderr: translateLevel(supportsColor(true, tty.isatty(2)))
};


/***/ }),

/***/ 872:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ runnerEnvironment)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: ./src/docker/cli.ts
var cli = __nccwpck_require__(670);
// EXTERNAL MODULE: ./src/common/text.ts
var common_text = __nccwpck_require__(450);
// EXTERNAL MODULE: ./src/git/index.ts + 10 modules
var git = __nccwpck_require__(764);
;// CONCATENATED MODULE: ./src/action/job-log.ts


/**
 * The runner's workflow commands (`::name key=value::message`), written directly: @actions/core
 * would bring an HTTP client that takes longer to load than the rest of a step. Escaped as the
 * runner decodes them (and as @actions/core escapes them).
 */
const workflowCommands = {
    info: line => process.stdout.write(`${line}${external_node_os_.EOL}`),
    warning: (message, title) => workflowCommand('warning', message, title ? { title } : {}),
    debug: message => workflowCommand('debug', message),
    error: (message, title) => workflowCommand('error', message, { title }),
    startGroup: name => workflowCommand('group', name),
    endGroup: () => workflowCommand('endgroup', '')
};
/**
 * `::name key=value,…::message` on stdout, as @actions/core writes it: a property without a
 * value is left out (the space after the name stays, as there).
 */
function workflowCommand(name, message, properties = {}) {
    const entries = Object.entries(properties);
    const props = entries
        .filter(([, value]) => value !== '')
        .map(([key, value]) => `${key}=${job_log_escape(value).replace(/:/g, '%3A').replace(/,/g, '%2C')}`)
        .join(',');
    process.stdout.write(`::${name}${entries.length > 0 ? ` ${props}` : ''}::${job_log_escape(message)}${external_node_os_.EOL}`);
}
function job_log_escape(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** How many groups are open; the job log has no nested groups. */
let openGroups = 0;
/** The engine's progress, written to the job log through `sink`. */
function jobLogger(sink) {
    const logger = {
        info: message => sink.info((0,common_text/* inertLogText */.I1)(message)),
        // Commands with their data escaped by the sink: only the control characters go.
        warning: (message, title) => sink.warning((0,common_text/* printable */.g$)(message), title),
        debug: message => sink.debug((0,common_text/* printable */.g$)(message)),
        group: async (name, fn) => {
            // An inner ::group:: would close the outer one early: inside a group, a heading line instead.
            if (openGroups > 0) {
                logger.info(name);
                return fn();
            }
            openGroups++;
            sink.startGroup((0,common_text/* printable */.g$)(name));
            try {
                return await fn();
            }
            finally {
                sink.endGroup();
                openGroups--;
            }
        }
    };
    return logger;
}
/** Fails the step once: one error annotation per failure, each titled, and the exit status. */
function failStep(sink, failures, exitCode) {
    // `core.setFailed` would add another, untitled annotation: the status is set directly.
    for (const { message, title } of failures)
        sink.error((0,common_text/* printable */.g$)(message), title);
    process.exitCode = exitCode;
}

;// CONCATENATED MODULE: ./src/action/environment.ts








/** The runner, through this process: INPUT_*, workflow commands and command files. */
function runnerEnvironment() {
    const env = process.env;
    const logger = jobLogger(workflowCommands);
    return {
        env,
        getInput: (name, options) => {
            const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
            return options?.trimWhitespace === false ? value : value.trim();
        },
        setSecret: value => workflowCommand('add-mask', value),
        setOutput: (name, value) => fileCommand(env, 'OUTPUT', name, value),
        exportVariable: (name, value) => {
            env[name] = value;
            fileCommand(env, 'ENV', name, value);
        },
        saveState: (name, value) => fileCommand(env, 'STATE', name, value),
        getState: name => env[`STATE_${name}`] ?? '',
        logger,
        notice: (message, title) => workflowCommand('notice', (0,common_text/* printable */.g$)(message), { title }),
        fail: (failures, exitCode) => failStep(workflowCommands, failures, exitCode),
        appendSummary: async (markdown) => {
            if (env.GITHUB_STEP_SUMMARY)
                await (0,promises_.appendFile)(env.GITHUB_STEP_SUMMARY, markdown);
        },
        git: (0,git/* defaultGitIo */.ef)(),
        docker: configDir => new cli/* DockerCli */.V({ configDir, env, logger })
    };
}
/** The workflow command a runner without command files (GITHUB_OUTPUT, …) reads instead. */
const COMMAND_OF_FILE = { OUTPUT: 'set-output', ENV: 'set-env', STATE: 'save-state' };
/**
 * `name=value` for the runner, as @actions/core writes it: appended to the command file
 * `GITHUB_<file>` between delimiters no value can hold, else as a workflow command.
 */
function fileCommand(env, file, name, value) {
    const path = env[`GITHUB_${file}`];
    if (!path) {
        if (file === 'OUTPUT')
            process.stdout.write(external_node_os_.EOL);
        return workflowCommand(COMMAND_OF_FILE[file], value, { name });
    }
    // A random delimiter: a value that ends the entry early cannot be guessed into one.
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    (0,external_node_fs_.appendFileSync)(path, `${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`);
}


/***/ }),

/***/ 629:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  V: () => (/* binding */ runMain)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = require("node:util");
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(922);
;// CONCATENATED MODULE: ./src/docker/config.ts




/** The Docker client configuration a run logs into: the file in what `DOCKER_CONFIG` points at. */
const CONFIG_FILE = 'config.json';
/**
 * Creates a client configuration directory (mode 0700, config.json 0600) under `parent`:
 * empty, or a view of `base` (a copy of its config.json, links to its contexts, builders,
 * plugins and everything else), so Docker run with it keeps the current context and logins.
 */
async function createDockerConfigDir(parent, base) {
    // mkdtemp creates the directory with mode 0700.
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, 'ocir-push-docker-config-'));
    const entries = base ? await (0,promises_.readdir)(base).catch(absentAs([])) : [];
    await Promise.all(entries
        .filter(name => name !== CONFIG_FILE)
        .map(name => (0,promises_.symlink)((0,external_node_path_.join)(base, name), (0,external_node_path_.join)(dir, name))));
    await writeConfig(dir, base ? await readConfig(base) : { auths: {} });
    return dir;
}
/**
 * True when a token may be stored in `dir`'s config.json: only its owner can read it, or it
 * does not exist yet (it is then created 0600).
 */
async function keepsSecretsPrivate(dir) {
    const file = await configTarget((0,external_node_path_.join)(dir, CONFIG_FILE));
    return (0,promises_.stat)(file).then(found => (found.mode & 0o077) === 0, absentAs(true));
}
/** config.json as it is, byte for byte; undefined when there is none. */
async function readConfigText(dir) {
    return (0,promises_.readFile)((0,external_node_path_.join)(dir, CONFIG_FILE), 'utf8').catch(absentAs(undefined));
}
/** Removes the directory, retrying what a busy file system fails for a moment (EBUSY, EPERM, …). */
async function removeDockerConfigDir(dir) {
    await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
}
/**
 * Stores `username:token` for `host` in config.json the way `docker login` does without a
 * credential helper (and past one: see `storeLoginInFile`), so Docker and later steps use it.
 */
async function writeAuth(dir, host, username, token) {
    const config = await readConfig(dir);
    overrideHelper(config, host);
    const auth = Buffer.from(`${username}:${token}`).toString('base64');
    config.auths = { ...config.auths, [host]: { auth } };
    await writeConfig(dir, config);
}
/**
 * Removes exactly the entry for `host` (and the override of `storeLoginInFile`); other hosts
 * and settings stay. True when a login was there.
 */
async function removeAuth(dir, host) {
    const config = await readConfig(dir);
    const overridden = dropOverride(config, host);
    const found = !!config.auths && host in config.auths;
    if (found)
        delete config.auths[host];
    if (found || overridden)
        await writeConfig(dir, config);
    return found;
}
/**
 * Makes config.json, not a credential helper, hold `host`'s login, so the token lands only in
 * that 0600 file (and a daemonless login is what Docker reads): an empty `credHelpers` entry
 * makes Docker use the file for that host whatever `credsStore` says. For `docker login`;
 * `writeAuth` does it itself. True when it added one.
 */
async function storeLoginInFile(dir, host) {
    const config = await readConfig(dir);
    if (!overrideHelper(config, host))
        return false;
    await writeConfig(dir, config);
    return true;
}
/** Undoes `storeLoginInFile` when no login followed: the credential helper applies again. */
async function dropLoginInFile(dir, host) {
    const config = await readConfig(dir);
    if (dropOverride(config, host))
        await writeConfig(dir, config);
}
function overrideHelper(config, host) {
    if (!helperIn(config, host))
        return false;
    config.credHelpers = { ...config.credHelpers, [host]: '' };
    return true;
}
function dropOverride(config, host) {
    const helpers = config.credHelpers;
    if (helpers?.[host] !== '')
        return false;
    delete helpers[host];
    return true;
}
/**
 * After a logout: each host's `auths` and `credHelpers` entries back as `originalText` (the file
 * before the run, undefined when there was none) had them, other changes kept. When nothing
 * else changed since, the original bytes are written back (or the file removed), so a user's
 * config.json ends exactly as it was.
 */
async function config_restoreConfig(dir, hosts, originalText) {
    const original = parseConfig(originalText ?? '');
    const config = await readConfig(dir);
    for (const key of ['auths', 'credHelpers']) {
        const entries = { ...config[key] };
        for (const host of hosts) {
            const before = original[key]?.[host];
            if (before === undefined)
                delete entries[host];
            else
                entries[host] = before;
        }
        if (Object.keys(entries).length === 0 && !(key in original))
            delete config[key];
        else
            config[key] = entries;
    }
    if (!isDeepStrictEqual(config, original))
        return writeConfig(dir, config);
    if (originalText === undefined)
        return rm(join(dir, CONFIG_FILE), { force: true });
    return writeConfigText(dir, originalText);
}
/** The `auths` entry for `host`, as stored; undefined when there is none. */
async function readAuthEntry(dir, host) {
    return (await readConfig(dir)).auths?.[host];
}
/** Puts `entry` back as `host`'s entry; other hosts and settings stay. */
async function restoreAuthEntry(dir, host, entry) {
    const config = await readConfig(dir);
    config.auths = { ...config.auths, [host]: entry };
    await writeConfig(dir, config);
}
/**
 * The credential helper that holds `host`'s login (`credHelpers`, else `credsStore`), if any:
 * only `docker logout` reaches it. Without one, the login is the `auths` entry in the file.
 */
async function credentialHelperFor(dir, host) {
    return helperIn(await readConfig(dir), host);
}
function helperIn(config, host) {
    const helpers = config.credHelpers;
    // An entry, even an empty one, wins over credsStore: empty means the file.
    const helper = helpers && host in helpers ? helpers[host] : config.credsStore;
    return helper || undefined;
}
async function readConfig(dir) {
    const text = (await readConfigText(dir)) ?? '';
    try {
        return parseConfig(text);
    }
    catch (error) {
        const file = (0,external_node_path_.join)(dir, CONFIG_FILE);
        throw new errors/* DockerError */.Bi(`${file} is not a Docker configuration: ${error.message}`, {
            fix: `Repair ${file} (it must be a JSON object), or remove it: the next login writes a new one`,
            cause: error
        });
    }
}
function parseConfig(text) {
    return text.trim() === '' ? {} : JSON.parse(text);
}
/** For `.catch`: a missing file or directory gives `value`; other errors stay errors. */
function absentAs(value) {
    return error => {
        if (error.code === 'ENOENT')
            return value;
        throw error;
    };
}
// Write-then-rename: a reader (a concurrent docker command) never sees half a file. A
// config.json that is a link is edited where it points (renaming over the link would leave
// the credential in its target), keeping the target's mode; a new file is created 0600
// because it holds credentials, in a directory created 0700 as Docker creates ~/.docker.
async function writeConfig(dir, config) {
    await writeConfigText(dir, `${JSON.stringify(config, null, '\t')}\n`);
}
async function writeConfigText(dir, text) {
    await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
    const file = await configTarget((0,external_node_path_.join)(dir, CONFIG_FILE));
    const mode = await (0,promises_.stat)(file).then(found => found.mode & 0o777, () => 0o600);
    const partial = `${file}.${process.pid}.partial`;
    await (0,promises_.writeFile)(partial, text, { mode });
    await (0,promises_.rename)(partial, file);
}
/** The file behind `file`'s links; `file` itself while it does not exist. */
function configTarget(file) {
    return (0,promises_.realpath)(file).catch(absentAs(file));
}

;// CONCATENATED MODULE: ./src/common/checks.ts

/**
 * Runs checks that do not depend on each other and keeps every problem they find, so that one
 * run reports them all instead of one per run. A check that needs the value of one that failed
 * is skipped by its caller (the value is `undefined`): each mistake is reported once, where it
 * is made. Anything a check throws that is not a problem (a bug, an abort) is thrown on at once.
 */
class Checks {
    #found = [];
    /** Every problem found so far, in the order of the checks. */
    get found() {
        return this.#found;
    }
    /** Runs one check: its value, or undefined when it found a problem (kept). */
    check(check) {
        try {
            return check();
        }
        catch (error) {
            this.keep(error);
            return undefined;
        }
    }
    /** `check` for a check that reads something first (a file, standard input). */
    async checkAsync(check) {
        try {
            return await check();
        }
        catch (error) {
            this.keep(error);
            return undefined;
        }
    }
    /**
     * Adds a problem found without a check of its own. A second problem about the same input is
     * dropped: it most often follows from the first, and fixing that one brings it up if not.
     */
    add(problem) {
        const subject = this.subject(problem);
        if (!this.#found.some(found => this.subject(found) === subject))
            this.#found.push(problem);
    }
    /**
     * Throws what was found: one problem as it is (so a run with one bad input reads exactly as
     * before), several as one combined error.
     */
    throwIfAny() {
        const [first, ...rest] = this.#found;
        if (first === undefined)
            return;
        throw rest.length === 0 ? first : this.combine(this.#found);
    }
    /**
     * `throwIfAny`, then the values the checks gave: once nothing was found, none is missing. Only
     * values that are never undefined when their check passes belong here.
     */
    settle(...values) {
        this.throwIfAny();
        if (values.includes(undefined))
            throw new Error('a check found no problem and gave no value');
        return values;
    }
    keep(error) {
        const problems = this.problemsIn(error);
        if (!problems)
            throw error;
        for (const problem of problems)
            this.add(problem);
    }
}
/**
 * The checks of the settings: each problem is an error that names its input (`InputError`, an
 * API key's refusal), and several are thrown as `InputErrors`. A new input's check is one
 * `check(() => …)` call where its value is read.
 */
class InputChecks extends Checks {
    problemsIn(error) {
        if (error instanceof errors/* InputErrors */.G)
            return error.problems;
        return (0,errors/* isInputProblem */.kM)(error) ? [error] : undefined;
    }
    subject(problem) {
        return problem.input;
    }
    combine(problems) {
        return new errors/* InputErrors */.G(problems);
    }
}

;// CONCATENATED MODULE: ./src/common/logger.ts
/**
 * A log's status interval: CI systems end a step that prints nothing for 10 minutes
 * (CircleCI), and a line every 10 s is plenty for a person reading along.
 */
const LOG_STATUS_INTERVAL_MS = 10_000;
/** Progress as plain lines (a job log, a pipe): each status a line of its own. */
function plainProgress(write) {
    return { line: write, status: write, statusIntervalMs: LOG_STATUS_INTERVAL_MS };
}
/**
 * `logger` for one of several pushes running at once: each line starts with `label` (their
 * lines interleave), and a group is a line of its own (groups do not nest, nor run side by side).
 */
function labelledLogger(logger, label) {
    return {
        info: message => logger.info(`${label}: ${message}`),
        warning: (message, title) => logger.warning(`${label}: ${message}`, title),
        debug: message => logger.debug(`${label}: ${message}`),
        group: (name, fn) => {
            logger.info(`${label}: ${name}`);
            return fn();
        }
    };
}
/** `sink` for one of several pushes running at once: each line and status starts with `label`. */
function labelledProgress(sink, label) {
    return {
        line: message => sink.line(`${label}: ${message}`),
        status: message => sink.status(`${label}: ${message}`),
        statusIntervalMs: sink.statusIntervalMs
    };
}

// EXTERNAL MODULE: ./src/git/index.ts + 10 modules
var git = __nccwpck_require__(764);
// EXTERNAL MODULE: ./src/engine/cancel.ts
var cancel = __nccwpck_require__(986);
;// CONCATENATED MODULE: ./src/engine/outputs.ts

/**
 * The outputs object of a run: the action's outputs and the CLI's `--json`. Without the
 * targets' states (dry run, log in only) the planned references are shown, and `digest` and
 * `pinned-reference` are empty. A target that failed shows only the references that exist
 * there, so a later step never pulls a tag that is missing.
 */
function toOutputs(plan, states = []) {
    const targets = plan.targets.map((target, index) => targetOutputs(target, states[index]));
    const first = targets[0];
    return {
        registry: first.registry,
        username: plan.username,
        repository: first.repository,
        tags: targets.flatMap(target => target.tags),
        'pull-reference': first['pull-reference'],
        digest: first.digest,
        'pinned-reference': first['pinned-reference'],
        version: plan.version,
        labels: plan.labels,
        annotations: plan.annotations,
        // Only signed runs with a compartment have one: other runs' outputs are as they were.
        ...(first['repository-ocid'] ? { 'repository-ocid': first['repository-ocid'] } : {}),
        targets
    };
}
function targetOutputs(target, state) {
    const failed = state && 'error' in state ? state : undefined;
    const result = state && 'result' in state ? state.result : undefined;
    const tags = failed ? [...failed.pushed] : target.references;
    const digest = result?.digest ?? failed?.digest ?? '';
    return {
        registry: target.registry,
        repository: target.repositoryReference,
        tags,
        'pull-reference': tags[0] ?? '',
        digest,
        'pinned-reference': digest ? `${target.repositoryReference}@${digest}` : '',
        ...(result?.repositoryOcid ? { 'repository-ocid': result.repositoryOcid } : {}),
        ...(failed ? { error: (0,errors/* errorMessage */.gJ)(failed.error) } : {})
    };
}

// EXTERNAL MODULE: ./src/common/constants.ts
var constants = __nccwpck_require__(952);
;// CONCATENATED MODULE: ./src/ocir/edit-distance.ts
/** Levenshtein distance: single-character insertions, deletions and substitutions. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

;// CONCATENATED MODULE: ./src/ocir/values.ts

/**
 * A setting's value without surrounding whitespace (a copy-paste habit), and a notice when
 * some was removed. The notice never quotes the value, so it is safe for secrets too.
 */
function trimSetting(input, raw) {
    const value = raw.trim();
    if (value === raw)
        return { value };
    return {
        value,
        notice: {
            title: `Trimmed ${input}`,
            message: `Removed whitespace around the value of ${input}; the value without it was used.`
        }
    };
}
/** The values of a setting that takes several: one per line, or separated by commas. */
function listedValues(value) {
    return value
        .split(/[\r\n,]+/)
        .map(item => item.trim())
        .filter(item => item !== '');
}
/**
 * Refuses a value listed twice in one setting (`what` it lists: `registry host`): the same
 * target would be pushed to twice.
 */
function refuseRepeats(input, values, what) {
    const repeated = values.find((value, index) => values.indexOf(value) !== index);
    if (repeated !== undefined) {
        throw new errors/* InputError */.dz(input, `lists ${repeated} twice`, { fix: `Name each ${what} once` });
    }
}

;// CONCATENATED MODULE: ./src/ocir/regions.generated.ts
const REGIONS = [
    { key: 'YNY', identifier: 'ap-chuncheon-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'BOM', identifier: 'ap-mumbai-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'HYD', identifier: 'ap-hyderabad-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ICN', identifier: 'ap-seoul-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'SYD', identifier: 'ap-sydney-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MEL', identifier: 'ap-melbourne-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'KIX', identifier: 'ap-osaka-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'NRT', identifier: 'ap-tokyo-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'YUL', identifier: 'ca-montreal-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'YYZ', identifier: 'ca-toronto-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'FRA', identifier: 'eu-frankfurt-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ZRH', identifier: 'eu-zurich-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'GRU', identifier: 'sa-saopaulo-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'CWL', identifier: 'uk-cardiff-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'LHR', identifier: 'uk-london-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'IAD', identifier: 'us-ashburn-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'PHX', identifier: 'us-phoenix-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'AMS', identifier: 'eu-amsterdam-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'JED', identifier: 'me-jeddah-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'SJC', identifier: 'us-sanjose-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'DXB', identifier: 'me-dubai-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'SCL', identifier: 'sa-santiago-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'VCP', identifier: 'sa-vinhedo-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MTZ', identifier: 'il-jerusalem-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MRS', identifier: 'eu-marseille-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'SIN', identifier: 'ap-singapore-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'AUH', identifier: 'me-abudhabi-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'LIN', identifier: 'eu-milan-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ARN', identifier: 'eu-stockholm-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'JNB', identifier: 'af-johannesburg-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'CDG', identifier: 'eu-paris-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'QRO', identifier: 'mx-queretaro-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MAD', identifier: 'eu-madrid-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ORD', identifier: 'us-chicago-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MTY', identifier: 'mx-monterrey-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'AGA', identifier: 'us-saltlake-2', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'BOG', identifier: 'sa-bogota-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'VAP', identifier: 'sa-valparaiso-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'XSP', identifier: 'ap-singapore-2', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'RUH', identifier: 'me-riyadh-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ONM', identifier: 'ap-delhi-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'HSG', identifier: 'ap-batam-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ORF', identifier: 'eu-madrid-3', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'NRQ', identifier: 'eu-turin-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'JBP', identifier: 'ap-kulai-2', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'LEJ', identifier: 'af-casablanca-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'LFI', identifier: 'us-langley-1', realm: 'oc2', realmDomain: 'oraclegovcloud.com' },
    { key: 'LUF', identifier: 'us-luke-1', realm: 'oc2', realmDomain: 'oraclegovcloud.com' },
    { key: 'RIC', identifier: 'us-gov-ashburn-1', realm: 'oc3', realmDomain: 'oraclegovcloud.com' },
    { key: 'PIA', identifier: 'us-gov-chicago-1', realm: 'oc3', realmDomain: 'oraclegovcloud.com' },
    { key: 'TUS', identifier: 'us-gov-phoenix-1', realm: 'oc3', realmDomain: 'oraclegovcloud.com' },
    { key: 'LTN', identifier: 'uk-gov-london-1', realm: 'oc4', realmDomain: 'oraclegovcloud.uk' },
    { key: 'BRS', identifier: 'uk-gov-cardiff-1', realm: 'oc4', realmDomain: 'oraclegovcloud.uk' },
    { key: 'NJA', identifier: 'ap-chiyoda-1', realm: 'oc8', realmDomain: 'oraclecloud8.com' },
    { key: 'UKB', identifier: 'ap-ibaraki-1', realm: 'oc8', realmDomain: 'oraclecloud8.com' },
    { key: 'MCT', identifier: 'me-dcc-muscat-1', realm: 'oc9', realmDomain: 'oraclecloud9.com' },
    { key: 'IBR', identifier: 'me-ibri-1', realm: 'oc9', realmDomain: 'oraclecloud9.com' },
    { key: 'WGA', identifier: 'ap-dcc-canberra-1', realm: 'oc10', realmDomain: 'oraclecloud10.com' },
    { key: 'BGY', identifier: 'eu-dcc-milan-1', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'MXP', identifier: 'eu-dcc-milan-2', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'SNN', identifier: 'eu-dcc-dublin-2', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'DTM', identifier: 'eu-dcc-rating-2', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'DUS', identifier: 'eu-dcc-rating-1', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'ORK', identifier: 'eu-dcc-dublin-1', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'BEG', identifier: 'eu-jovanovac-1', realm: 'oc20', realmDomain: 'oraclecloud20.com' },
    { key: 'VLL', identifier: 'eu-madrid-2', realm: 'oc19', realmDomain: 'oraclecloud.eu' },
    { key: 'STR', identifier: 'eu-frankfurt-2', realm: 'oc19', realmDomain: 'oraclecloud.eu' },
    { key: 'AVZ', identifier: 'eu-dcc-zurich-1', realm: 'oc24', realmDomain: 'oraclecloud24.com' },
    { key: 'AVF', identifier: 'eu-crissier-1', realm: 'oc24', realmDomain: 'oraclecloud24.com' },
    { key: 'DOH', identifier: 'me-dcc-doha-1', realm: 'oc21', realmDomain: 'oraclecloud21.com' },
    { key: 'VVE', identifier: 'me-alrayyan-1', realm: 'oc21', realmDomain: 'oraclecloud21.com' },
    { key: 'AHU', identifier: 'me-abudhabi-3', realm: 'oc26', realmDomain: 'oraclecloud26.com' },
    { key: 'RBA', identifier: 'me-alain-1', realm: 'oc26', realmDomain: 'oraclecloud26.com' },
    { key: 'DAC', identifier: 'ap-dcc-gazipur-1', realm: 'oc15', realmDomain: 'oraclecloud15.com' },
    { key: 'RKT', identifier: 'me-abudhabi-2', realm: 'oc29', realmDomain: 'oraclecloud29.com' },
    { key: 'SHJ', identifier: 'me-abudhabi-4', realm: 'oc29', realmDomain: 'oraclecloud29.com' },
    { key: 'EBB', identifier: 'us-somerset-1', realm: 'oc23', realmDomain: 'oraclecloud23.com' },
    { key: 'EBL', identifier: 'us-thames-1', realm: 'oc23', realmDomain: 'oraclecloud23.com' },
    { key: 'DTZ', identifier: 'ap-seoul-2', realm: 'oc35', realmDomain: 'oraclecloud35.com' },
    { key: 'DLN', identifier: 'ap-suwon-1', realm: 'oc35', realmDomain: 'oraclecloud35.com' },
    { key: 'BNO', identifier: 'ap-chuncheon-2', realm: 'oc35', realmDomain: 'oraclecloud35.com' },
    { key: 'YXJ', identifier: 'us-ashburn-2', realm: 'oc42', realmDomain: 'oraclecloud42.com' },
    { key: 'PGC', identifier: 'us-newark-1', realm: 'oc42', realmDomain: 'oraclecloud42.com' },
    { key: 'JSK', identifier: 'eu-budapest-1', realm: 'oc51', realmDomain: 'oraclecloud51.com' },
    { key: 'HNW', identifier: 'sa-riodejaneiro-1', realm: 'oc52', realmDomain: 'oraclecloud52.com' }
];

;// CONCATENATED MODULE: ./src/ocir/regions.ts






const EXAMPLE = "a region key such as 'fra' or an identifier such as 'eu-frankfurt-1'";
const KEY_HOST = /^([a-z]{3})\.ocir\.io$/;
const IDENTIFIER_HOST = /^ocir\.([a-z0-9-]+)\.oci\.(.+)$/;
/** The region a key or identifier (any case, surrounding whitespace ignored) names. */
function findRegion(input) {
    const wanted = input.trim().toLowerCase();
    return REGIONS.find(r => r.key.toLowerCase() === wanted || r.identifier === wanted);
}
/** The region named by the `region` input; an unknown name fails naming the closest ones. */
function resolveRegion(input) {
    const value = input.trim();
    if (value === '') {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Region, 'region is empty', { fix: `Set region to ${EXAMPLE}.` });
    }
    const region = findRegion(value);
    if (region)
        return region;
    const hostRegion = regionOfHost(value.toLowerCase());
    if (hostRegion) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Region, `region takes a region, not a registry host; got '${value}'`, {
            fix: `Write region: '${hostRegion.key.toLowerCase()}' (or move '${value}' to registry).`
        });
    }
    const near = closestRegions(value);
    throw new errors/* InputError */.dz(constants/* Inputs */.G0.Region, `'${value}' is not a known OCI region`, {
        fix: near.length > 0
            ? `Did you mean ${near.map(describeRegion).join(', or ')}? Set region to ${EXAMPLE}.`
            : `Set region to ${EXAMPLE}; docs/ocir.md lists them all.`
    });
}
/**
 * The registry host of a region. In the commercial realm (oc1) that is the short form users
 * know, `fra.ocir.io`; other realms only have `ocir.<identifier>.oci.<realm-domain>`.
 */
function registryHost(region) {
    return region.realm === 'oc1'
        ? `${region.key.toLowerCase()}.ocir.io`
        : `ocir.${region.identifier}.oci.${region.realmDomain}`;
}
/** The region whose OCIR host (either form) this is, if any. */
function regionOfHost(host) {
    const key = KEY_HOST.exec(host)?.[1];
    const identifier = IDENTIFIER_HOST.exec(host);
    return REGIONS.find(r => key
        ? r.realm === 'oc1' && r.key.toLowerCase() === key
        : identifier !== null && r.identifier === identifier[1] && r.realmDomain === identifier[2]);
}
/**
 * OCIR's token endpoint for one of its hosts, as its `GET /v2/` challenge names it
 * (`Bearer realm="https://<host>/20180419/docker/token",service="<host>"`), so a client can
 * ask for a token without that round trip first; undefined for any other registry.
 */
function ocirTokenRealm(host) {
    if (!regionOfHost(host))
        return undefined;
    return { realm: `https://${host}/20180419/docker/token`, service: host };
}
/**
 * The registry hosts to log into and push to, in the order given (credentials are stored per
 * host string, so every reference must use exactly these). `registry` wins over `region`; a
 * `region` given alongside is still checked, so a typo in it never goes unnoticed, and an
 * OCIR host must be in one of the regions it lists. A host listed twice is refused.
 */
function resolveRegistries(settings) {
    const regions = listedValues(settings.region).map(resolveRegion);
    const registries = listedValues(settings.registry);
    if (registries.length > 0) {
        const only = regions.length === 1 ? regions[0] : undefined;
        return distinct(constants/* Inputs */.G0.Registry, registries.map(raw => {
            const host = validateRegistryHost(raw);
            const hostRegion = regionOfHost(host);
            if (regions.length > 0 && hostRegion && !regions.includes(hostRegion)) {
                throw new errors/* InputError */.dz(constants/* Inputs */.G0.Registry, `registry '${host}' is in ${describeRegion(hostRegion)} but region names ${regions.map(describeRegion).join(', ')}`, { fix: `Set only one of region and registry, or make them name the same region.` });
            }
            const region = hostRegion ?? only;
            const scheme = registryScheme(raw);
            return {
                host,
                input: constants/* Inputs */.G0.Registry,
                ...(scheme ? { scheme } : {}),
                ...(region ? { region } : {})
            };
        }));
    }
    if (regions.length === 0) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Region, 'neither region nor registry is set', {
            fix: `Set region to ${EXAMPLE}, or registry to a registry host such as 'fra.ocir.io'.`
        });
    }
    return distinct(constants/* Inputs */.G0.Region, regions.map(region => ({ host: registryHost(region), input: constants/* Inputs */.G0.Region, region })));
}
/** `targets`, each host once: a host listed twice would be pushed to twice. */
function distinct(input, targets) {
    refuseRepeats(input, targets.map(target => target.host), 'registry host');
    return targets;
}
const HTTP_SCHEME = /^(https?):\/\//i;
/**
 * The scheme a `registry` value starts with (`https://127.0.0.1:5443`), which overrides the
 * default (plain HTTP for loopback hosts, HTTPS otherwise); undefined for a bare host.
 */
function registryScheme(raw) {
    return HTTP_SCHEME.exec(raw.trim())?.[1]?.toLowerCase();
}
/** A `registry` value without its `http(s)://` and trailing `/`, lower-cased; not checked. */
function registryHostOf(raw) {
    return raw.trim().replace(HTTP_SCHEME, '').replace(/\/+$/, '').toLowerCase();
}
/**
 * A `registry` value as a host name with an optional port, lower-cased (host names are
 * case-insensitive; one spelling keeps the stored credentials and references matching).
 * An `http://` or `https://` in front is allowed (it only chooses the scheme), a path is not.
 */
function validateRegistryHost(raw) {
    const value = raw.trim();
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
    const httpScheme = registryScheme(value);
    const rest = scheme ? value.slice(scheme[0].length) : value;
    const slash = rest.indexOf('/');
    const host = (slash === -1 ? rest : rest.slice(0, slash)).toLowerCase();
    const path = slash === -1 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
    const moveThePath = path
        ? ` The path '${path}' does not belong in registry: the namespace goes in namespace, the rest in repository.`
        : '';
    if (scheme && !httpScheme) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Registry, `registry takes a host (or https:// and a host), not a '${scheme[1]}' URL; got '${value}'`, { fix: `Write registry: '${host}' (no '${scheme[0]}').${moveThePath}` });
    }
    if (path) {
        const written = httpScheme ? `${httpScheme}://${host}` : host;
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Registry, `registry takes a host without a path; got '${value}'`, {
            fix: `Write registry: '${written}'.${moveThePath}`
        });
    }
    const port = /:(\d+)$/.exec(host)?.[1];
    const name = port === undefined ? host : host.slice(0, -port.length - 1);
    const validName = /^\[[0-9a-f:.]+\]$/.test(name) ||
        /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name);
    if (!validName || (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Registry, `'${value}' is not a registry host`, {
            fix: "Write a host name with an optional port, such as 'fra.ocir.io' or '127.0.0.1:5000'."
        });
    }
    if (httpScheme === 'http' && regionOfHost(host)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Registry, `OCIR speaks only HTTPS; got '${value}'`, {
            fix: `Write registry: '${host}' (no 'http://'): the auth token would travel in clear text.`
        });
    }
    const key = KEY_HOST.exec(host)?.[1];
    if (key !== undefined && !regionOfHost(host)) {
        const region = REGIONS.find(r => r.key.toLowerCase() === key);
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Registry, `'${host}' is not an OCIR host`, {
            fix: region
                ? `${describeRegion(region)} is in realm ${region.realm}: write registry: '${registryHost(region)}', or region: '${region.identifier}'.`
                : `'${key}' is not a region key. ${closestRegions(key).length > 0 ? `Did you mean ${closestRegions(key).map(describeRegion).join(', or ')}? ` : ''}Or set region instead, e.g. 'fra'.`
        });
    }
    return host;
}
/** `eu-frankfurt-1 (fra)`: how messages name a region. */
function describeRegion(region) {
    return `${region.identifier} (${region.key.toLowerCase()})`;
}
/**
 * Up to `limit` regions whose key or identifier is within typo distance of `input`; an
 * input that is part of an identifier (`frankfurt`) counts as an exact match.
 */
function closestRegions(input, limit = 3) {
    const wanted = input.trim().toLowerCase();
    const tolerance = Math.max(2, Math.floor(wanted.length / 3));
    return REGIONS.map(region => ({
        region,
        distance: wanted.length >= 3 && region.identifier.includes(wanted)
            ? 0
            : Math.min(editDistance(wanted, region.key.toLowerCase()), editDistance(wanted, region.identifier))
    }))
        .filter(({ distance }) => distance <= tolerance)
        .sort((a, b) => a.distance - b.distance ||
        Number(b.region.realm === 'oc1') - Number(a.region.realm === 'oc1') ||
        a.region.identifier.localeCompare(b.region.identifier))
        .slice(0, limit)
        .map(({ region }) => region);
}

;// CONCATENATED MODULE: ./src/ocir/names.ts



/** One path component of a repository name, as the registry accepts it. */
const COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
const FIND_NAMESPACE = "Console → Profile menu → Tenancy → Object Storage namespace, or run 'oci os ns get'";
/** Federated (Oracle Identity Cloud Service) users' domain, the one most users meet. */
const IDCS_DOMAIN = 'oracleidentitycloudservice';
/**
 * Refuses a value holding a control character (line break, tab, escape, …) and never quotes
 * it: in a log, a line break followed by `::command::` would run as a workflow command, and
 * in a header it would end the header.
 */
function names_refuseControlCharacters(input, value) {
    const characters = [...value];
    const at = characters.findIndex(character => {
        const code = character.codePointAt(0);
        return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
    });
    if (at === -1)
        return;
    const code = characters[at].codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new errors/* InputError */.dz(input, `${input} contains a control character (U+${code}) at position ${at + 1}`, {
        fix: `Write ${input} on one line, without line breaks, tabs or other control characters; check how the value is composed (a secret or variable with a trailing line is a common cause).`
    });
}
/**
 * The tenancy namespace, trimmed. It is an auto-generated lower-case string (for some old
 * tenancies the lower-cased tenancy name); the messages say which other value was likely
 * pasted instead.
 */
function validateNamespace(raw) {
    const namespace = raw.trim();
    names_refuseControlCharacters(constants/* Inputs */.G0.Namespace, namespace);
    const fail = (message, fix) => {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Namespace, message, { fix });
    };
    if (namespace === '') {
        fail('namespace is empty', `Set namespace to the tenancy namespace (${FIND_NAMESPACE}).`);
    }
    if (/^ocid1\./i.test(namespace)) {
        fail(`namespace is an OCID ('${namespace.slice(0, 20)}…'), not the tenancy namespace`, `Use the tenancy's Object Storage namespace, a short string like 'axaxnpcrorw5' (${FIND_NAMESPACE}).`);
    }
    if (namespace.includes('/')) {
        const [first, ...rest] = namespace.split('/').filter(Boolean);
        fail(`namespace takes the namespace only; got '${namespace}'`, `Write namespace: '${(first ?? '').toLowerCase()}'${rest.length > 0 ? ` and put '${rest.join('/')}' in repository` : ''}.`);
    }
    if (/[A-Z]/.test(namespace)) {
        fail(`namespace '${namespace}' has upper case; namespaces are lower case, so this is likely the tenancy name`, `Use the tenancy's Object Storage namespace (${FIND_NAMESPACE}). Older tenancies' namespace is the lower-cased tenancy name${COMPONENT.test(namespace.toLowerCase()) ? ` ('${namespace.toLowerCase()}')` : ''}; a newer one is a random string like 'axaxnpcrorw5'.`);
    }
    if (!COMPONENT.test(namespace)) {
        fail(`namespace '${namespace}' is not a tenancy namespace: ${/\s/.test(namespace) ? 'it contains spaces, like a display name' : 'only lower-case letters and digits, joined by single . _ or -, are possible'}`, `Use the tenancy's Object Storage namespace (${FIND_NAMESPACE}).`);
    }
    return namespace;
}
/**
 * The username to log in with: `<namespace>/<user>` or `<namespace>/<identity-domain>/<user>`.
 * See `qualifyUsernameWithNotices` for the rules.
 */
function qualifyUsername(parts) {
    return qualifyUsernameWithNotices(parts).username;
}
/**
 * The qualified username, and notices about what was done to get it.
 *
 * User names may themselves contain `/` (and spaces, `@`, `.`, `,`), so the username is
 * never split on `/`. The namespace input decides: a username is already qualified only
 * when it starts with `<namespace>/`; anything else is the user part and is kept whole.
 * The identity domain is added unless the username already starts with it (or, without
 * an identity-domain input, with `oracleidentitycloudservice/`, as the Console shows
 * federated users). A username that starts with some other `<x>/` gets a notice showing
 * the result, so a username meant for another namespace is visible before login fails.
 */
function qualifyUsernameWithNotices(parts) {
    const namespace = validateNamespace(parts.namespace);
    const trimmedUser = trimSetting(constants/* Inputs */.G0.Username, parts.username);
    const trimmedDomain = trimSetting(constants/* Inputs */.G0.IdentityDomain, parts.identityDomain);
    const notices = [trimmedUser.notice, trimmedDomain.notice].filter(n => n !== undefined);
    const user = trimmedUser.value;
    const domain = trimmedDomain.value;
    names_refuseControlCharacters(constants/* Inputs */.G0.Username, user);
    names_refuseControlCharacters(constants/* Inputs */.G0.IdentityDomain, domain);
    const format = `'${namespace}/<user>', or '${namespace}/<identity-domain>/<user>'`;
    if (user === '') {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Username, 'username is empty', {
            fix: `Set username to your OCI user name (e.g. 'jdoe@acme.com'); it is sent as ${format}.`
        });
    }
    // Basic authentication sends `<username>:<token>`; the registry splits at the first ':'.
    for (const [input, value] of [
        [constants/* Inputs */.G0.Username, user],
        [constants/* Inputs */.G0.IdentityDomain, domain]
    ]) {
        if (value.includes(':')) {
            throw new errors/* InputError */.dz(input, `${input} contains ':', which no OCI user name has`, {
                fix: `Write ${input} without ':': the login sends '<username>:<auth-token>', so a ':' would move the rest of the name into the token.`
            });
        }
    }
    if (domain.includes('/')) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.IdentityDomain, `identity-domain '${domain}' contains '/'`, {
            fix: `Write only the domain name, e.g. '${IDCS_DOMAIN}' or 'Default'; it is placed between namespace and user name.`
        });
    }
    const first = user.split('/', 1)[0];
    if (user.includes('/') && first !== namespace && first.toLowerCase() === namespace) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Username, `username starts with '${first}/', the namespace in the wrong case`, {
            fix: `Namespaces are lower case: write username: '${namespace}${user.slice(first.length)}' or just the user name after it.`
        });
    }
    const alreadyQualified = user.startsWith(`${namespace}/`);
    const userPart = alreadyQualified ? user.slice(namespace.length + 1) : user;
    if (alreadyQualified && userPart === '') {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Username, `username '${user}' has no user after the namespace`, {
            fix: `Write username as ${format}, or just the user name.`
        });
    }
    if (alreadyQualified && userPart.startsWith(`${namespace}/`)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Username, `username '${user}' is qualified twice`, {
            fix: `Write username: '${userPart}' (the namespace once), or just the user name.`
        });
    }
    const domainPresent = domain === '' || userPart.startsWith(`${domain}/`);
    if (alreadyQualified && !domainPresent) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Username, `username '${user}' is already qualified but lacks identity-domain '${domain}'`, {
            fix: `Write username: '${namespace}/${domain}/${userPart}', or just the user name, or leave identity-domain empty.`
        });
    }
    const username = domainPresent ? `${namespace}/${userPart}` : `${namespace}/${domain}/${userPart}`;
    const domainPrefixed = first === IDCS_DOMAIN || (domain !== '' && first === domain);
    if (!alreadyQualified && user.includes('/') && !domainPrefixed) {
        notices.push({
            title: 'Username contains /',
            message: `Logging in as '${username}': the username was kept whole under namespace '${namespace}'. If '${first}' is a tenancy namespace, set namespace to it instead.`
        });
    }
    return { username, notices };
}
/**
 * The auth token without surrounding whitespace (a notice says so, never quoting it). Its
 * value never appears in a message: only its shape is described.
 */
function validateAuthToken(raw) {
    const { value: token, notice } = trimSetting(constants/* Inputs */.G0.AuthToken, raw);
    const generate = 'Generate one in Console → Profile menu → My profile → Auth tokens, and pass it from a secret';
    if (token === '') {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.AuthToken, 'auth-token is empty', {
            fix: `${generate} (in GitHub Actions: auth-token: \${{ secrets.OCIR_AUTH_TOKEN }}; secrets are empty in workflows started from forks).`
        });
    }
    if (/-----BEGIN [A-Z ]*KEY-----/.test(token)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.AuthToken, 'auth-token holds a PEM key (an API signing key)', {
            fix: `OCIR logins take an auth token, not an API key. ${generate}.`
        });
    }
    if (/[\r\n]/.test(token)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.AuthToken, 'auth-token spans several lines', {
            fix: `An auth token is one line; store only the token in the secret. ${generate}.`
        });
    }
    return { token, notices: notice ? [notice] : [] };
}

;// CONCATENATED MODULE: ./src/ocir/repository.ts




const MAX_REPOSITORY_LENGTH = 255;
const MAX_TAG_LENGTH = 128;
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** `sha256:<hex>` or the hex forms `docker images` prints: an ID names no repository. */
const IMAGE_ID = /^(sha256:[0-9a-f]{64}|[0-9a-f]{12,64})$/;
const REPOSITORY_GRAMMAR = "path components of lower-case letters and digits, separated inside by '.', '_', '__' or '-', joined by '/'";
/**
 * Docker's rule for whether the first component of a reference is a registry host: it has
 * a `.` or `:`, is `localhost`, or has upper case (which a repository path cannot have).
 */
function isRegistryHost(component) {
    return (/[.:]/.test(component) || component === 'localhost' || component !== component.toLowerCase());
}
/**
 * Whether a `repository` value starts with a registry host. Repository components may
 * contain dots themselves, so only a port, `localhost`, or a dotted name ending in a
 * top-level domain in front of at least two more components counts.
 */
function startsWithRegistryHost(components) {
    const [first] = components;
    // `app:1` alone is a name and a tag; `host:5000/app` starts with a host.
    return ((first.includes(':') && components.length > 1) ||
        first === 'localhost' ||
        (components.length >= 3 && /\.[a-z]{2,}$/i.test(first)));
}
/** A reference's parts: the registry host (if any), the path, the tag and digest dropped. */
function splitReference(reference, hasHost) {
    const withoutDigest = reference.split('@', 1)[0];
    const components = withoutDigest.split('/');
    const host = components.length > 1 && hasHost(components) ? components.shift() : undefined;
    const last = components.length - 1;
    components[last] = components[last].split(':', 1)[0];
    return { host, path: components.join('/') };
}
/** A repository name close to `raw` that the registry accepts ('' when nothing is left). */
function suggestRepository(raw, namespace) {
    const components = splitReference(raw.trim(), startsWithRegistryHost)
        .path.toLowerCase()
        .split('/')
        .map(c => c
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/[._-]*(__|[._]|-+)[._-]*/g, '$1')
        .replace(/^[._-]+|[._-]+$/g, ''))
        .filter(c => c !== '');
    if (namespace && components[0] === namespace)
        components.shift();
    return components.join('/');
}
/** What is wrong with a repository value, in the order a user most likely needs to hear it. */
const REPOSITORY_PROBLEMS = [
    { test: v => v.includes('@'), problem: 'includes a digest' },
    {
        test: v => startsWithRegistryHost(v.split('/')),
        problem: 'includes a registry host; the host comes from region or registry'
    },
    {
        test: v => (v.split('/').pop() ?? '').includes(':'),
        problem: 'includes a tag; tags come from the tags input'
    },
    {
        test: (v, ns) => ns !== undefined && v.startsWith(`${ns}/`),
        problem: 'starts with the namespace, which is put in front of it already'
    },
    { test: v => v.startsWith('/'), problem: "starts with '/'" },
    { test: v => v.endsWith('/') || v.includes('//'), problem: 'has an empty path component' },
    { test: v => /[A-Z]/.test(v), problem: 'has upper case; repository names are lower case' },
    { test: v => /\s/.test(v), problem: 'contains whitespace' }
];
/**
 * The `repository` value (the path under the namespace, `project/app`), trimmed. Given the
 * namespace, a repository that repeats it is refused too (it would become `ns/ns/…`).
 */
/**
 * The repositories of the `repository` setting (one per line, or separated by commas; a
 * repository name has neither), each checked as `validateRepository` does; none listed twice.
 */
function validateRepositories(raw, namespace) {
    const listed = listedValues(raw);
    const repositories = (listed.length > 0 ? listed : [raw]).map(value => validateRepository(value, namespace));
    refuseRepeats(constants/* Inputs */.G0.Repository, repositories, 'repository');
    return repositories;
}
function validateRepository(raw, namespace) {
    const repository = raw.trim();
    names_refuseControlCharacters(constants/* Inputs */.G0.Repository, repository);
    if (repository === '') {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Repository, 'repository is empty', {
            fix: "Set repository to the path under the namespace, e.g. 'project/app', or leave it unset to use the image's name."
        });
    }
    const found = REPOSITORY_PROBLEMS.find(p => p.test(repository, namespace));
    if (!found && constants/* REPOSITORY_PATTERN */.G_.test(repository)) {
        if (repository.length > MAX_REPOSITORY_LENGTH) {
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.Repository, `repository is ${repository.length} characters long`, {
                fix: `Use a repository name of at most ${MAX_REPOSITORY_LENGTH} characters.`
            });
        }
        return repository;
    }
    const suggestion = suggestRepository(repository, namespace);
    throw new errors/* InputError */.dz(constants/* Inputs */.G0.Repository, `repository '${repository}' ${found?.problem ?? `is not a repository name: ${REPOSITORY_GRAMMAR}`}`, {
        fix: suggestion
            ? `Write repository: '${suggestion}'.`
            : `Write the path under the namespace: ${REPOSITORY_GRAMMAR}, e.g. 'project/app'.`
    });
}
/**
 * The repository an image is pushed to when `repository` is not set: the image's name
 * without registry host, tag and digest, lower-cased (`ghcr.io/acme/App:1.0` → `acme/app`).
 * Docker Hub's implicit `library/` is dropped (`docker.io/library/busybox` → `busybox`): it
 * is Docker's spelling, not part of the name users see. Given the namespace, a leading
 * namespace component (an image pulled from the same tenancy) is dropped as well.
 */
function defaultRepository(imageReference, namespace) {
    const reference = imageReference.trim();
    names_refuseControlCharacters(constants/* Inputs */.G0.Image, reference);
    if (IMAGE_ID.test(reference)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Repository, 'repository is required when image is an image ID', {
            fix: `Set repository to the path under the namespace, e.g. 'project/app' (image '${reference}' has no name).`
        });
    }
    const { host, path } = splitReference(reference, components => isRegistryHost(components[0]));
    let components = path.toLowerCase().split('/');
    if ((!host || DOCKER_HUB_HOSTS.has(host)) &&
        components.length === 2 &&
        components[0] === 'library') {
        components = components.slice(1);
    }
    if (namespace && components.length > 1 && components[0] === namespace)
        components = components.slice(1);
    const repository = components.join('/');
    if (!constants/* REPOSITORY_PATTERN */.G_.test(repository) || repository.length > MAX_REPOSITORY_LENGTH) {
        const suggestion = suggestRepository(path, namespace);
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Repository, `no repository name can be derived from image '${reference}'`, {
            fix: `Set repository to the path under the namespace, e.g. '${suggestion || 'project/app'}'.`
        });
    }
    return repository;
}
/** A tag as the registry accepts it; the fix shows the nearest valid tag. */
function validateTag(tag) {
    if (TAG_PATTERN.test(tag))
        return tag;
    refuseControlCharacters(Inputs.Tags, tag);
    const suggestion = tag
        .trim()
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, MAX_TAG_LENGTH);
    const problem = tag === ''
        ? 'is empty'
        : tag.length > MAX_TAG_LENGTH
            ? `is ${tag.length} characters long; at most ${MAX_TAG_LENGTH} are allowed`
            : /^[.-]/.test(tag)
                ? "starts with '.' or '-'"
                : "may contain only letters, digits, '_', '.' and '-'";
    throw new InputError(Inputs.Tags, `tag '${tag}' ${problem}`, {
        fix: TAG_PATTERN.test(suggestion)
            ? `Use tag '${suggestion}' (change the tag rule that produced '${tag}').`
            : `Change the tag rule: a tag is 1 to ${MAX_TAG_LENGTH} letters, digits, '_', '.' or '-', not starting with '.' or '-'.`
    });
}

// EXTERNAL MODULE: ./src/common/text.ts
var common_text = __nccwpck_require__(450);
;// CONCATENATED MODULE: ./src/ocir/diagnose.ts



const NO_DOCKER_NEEDED = "An image given as 'oci:<dir>' (OCI layout) or 'docker-archive:<file>' (docker save) is pushed without Docker.";
const diagnose_FIND_NAMESPACE = "Console → Profile menu → Tenancy → Object Storage namespace, or 'oci os ns get'";
const AUTH_TOKEN_HOW = 'Console → Profile menu → My profile → Auth tokens → Generate token; the console password does not work here';
const PROGRESS_LINE = /^([0-9a-f]{12}: (Preparing|Waiting|Pushing|Pushed|Layer already exists|Retrying in .*|Mounted from .*)|The push refers to repository .*)$/;
function saying(pattern) {
    return facts => pattern.exec(facts.text);
}
/** Node's error code of a request without an answer, else the other side's words. */
function networkCodeOrText(codes, pattern) {
    return facts => (facts.networkCode !== undefined && codes.test(facts.networkCode)) || pattern.exec(facts.text);
}
function codeOrText(codes, pattern) {
    return facts => facts.codes.some(c => codes.includes(c)) || pattern.exec(facts.text);
}
function repositoryPath(context) {
    return [context.namespace, context.repository].filter(Boolean).join('/') || 'the repository';
}
function usernameFormats(context) {
    const ns = context.namespace || '<namespace>';
    return `'${ns}/<user>', '${ns}/oracleidentitycloudservice/<user>' (federated users) or '${ns}/<identity-domain>/<user>'`;
}
function hostInput(context) {
    return context.hostInput ?? constants/* Inputs */.G0.Region;
}
function retried(context) {
    return context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
}
/** Ordered: the first rule that matches decides. Specific OCIR wording comes before codes. */
const RULES = [
    {
        name: 'docker-not-installed',
        matches: facts => facts.dockerReason === 'not-installed' ||
            facts.spawnErrorCode === 'ENOENT' ||
            /docker: (command )?not found|executable file not found/i.test(facts.text),
        diagnose: () => ({
            message: "Docker is not installed: no 'docker' executable on PATH",
            fix: `Install Docker (the client and a running engine) on this machine. ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'docker-not-startable',
        matches: facts => facts.spawnErrorCode !== undefined,
        diagnose: facts => ({
            message: `Docker could not be started (${facts.spawnErrorCode})`,
            fix: `Check that the docker executable can be run by this user. ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'docker-permission',
        matches: saying(/permission denied while trying to connect to the Docker daemon/i),
        diagnose: () => ({
            message: 'Docker is installed and running, but this user may not use its engine',
            fix: `Add the user to the 'docker' group (or run where the Docker socket is accessible). ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'docker-not-running',
        matches: facts => facts.dockerReason === 'daemon-unreachable' ||
            /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|dial unix \S+: connect: (no such file or directory|connection refused)/i.test(facts.text),
        diagnose: facts => ({
            message: facts.dockerHost
                ? `Docker is installed but its engine is not running at ${facts.dockerHost} (DOCKER_HOST)`
                : 'Docker is installed but its engine is not running (or not where DOCKER_HOST points)',
            fix: `Start the Docker engine (e.g. 'sudo systemctl start docker', or Docker Desktop), or set DOCKER_HOST to a running one. ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'docker-no-digest',
        matches: facts => facts.dockerReason === 'no-digest',
        diagnose: () => ({
            message: 'docker push finished without reporting the digest it pushed',
            fix: "Check that the Docker client and engine are a supported version ('docker version')."
        })
    },
    {
        name: 'config-not-writable',
        matches: saying(/error saving credentials|(open|mkdir|rename|write) [^:\n]+: (permission denied|read-only file system)/i),
        diagnose: () => ({
            message: 'Docker could not store the login in its configuration directory',
            fix: 'Point DOCKER_CONFIG at a directory this user can write (the job-scoped one under the runner temp directory is).'
        })
    },
    {
        name: 'image-not-found',
        matches: saying(/No such image: ?(\S+)|An image does not exist locally with the tag: ?(\S+)|No such object: ?(\S+)|reference does not exist/i),
        diagnose: (_facts, match) => {
            const image = match?.slice(1).find(Boolean);
            return {
                input: constants/* Inputs */.G0.Image,
                message: `the image ${image ? `'${image}' ` : ''}is not in the local Docker engine`,
                fix: "Build or pull the image in an earlier step (on the same machine), and check its name and tag with 'docker images'."
            };
        }
    },
    {
        name: 'invalid-reference',
        matches: saying(/invalid reference format/i),
        diagnose: () => ({
            input: constants/* Inputs */.G0.Image,
            message: 'Docker refused an image reference as malformed',
            fix: "Check image (e.g. 'app:1.0'), repository (lower case, e.g. 'project/app') and the tags."
        })
    },
    {
        name: 'tenant-not-found',
        matches: saying(/Tenant with namespace '?([^'\s]+?)'? (was )?not found/i),
        diagnose: ({ context }, match) => {
            const named = match?.[1] ?? '';
            const fromUsername = context.namespace !== undefined && named !== context.namespace;
            return {
                input: fromUsername ? constants/* Inputs */.G0.Username : constants/* Inputs */.G0.Namespace,
                message: `no tenancy has the namespace '${named}'${fromUsername ? ' (from the username)' : ''}`,
                fix: `Use the tenancy's Object Storage namespace (${diagnose_FIND_NAMESPACE}), not the tenancy name; it is lower case, like 'axaxnpcrorw5'.${fromUsername ? ` Write username as ${usernameFormats(context)}, or just the user name.` : ''}`
            };
        }
    },
    {
        name: 'anonymous',
        matches: saying(/Anonymous users are only allowed read access|anonymous access is not allowed/i),
        diagnose: ({ context, doing }) => ({
            input: constants/* Inputs */.G0.AuthToken,
            message: `${doing} failed: the registry took the request as anonymous, so the credentials were not accepted or not sent`,
            fix: `Use an auth token (${AUTH_TOKEN_HOW}), username ${usernameFormats(context)}, and log in to exactly '${context.host}', the host in the image reference.`
        })
    },
    {
        name: 'iam-denied',
        matches: saying(/cannot (\w+) on resource (\S+)/i),
        diagnose: ({ context, doing }, match) => ({
            input: constants/* Inputs */.G0.Repository,
            message: `${doing} failed: the user may not ${match?.[1] ?? 'do that'} on ${match?.[2] ?? repositoryPath(context)}`,
            fix: denyFix(context)
        })
    },
    {
        name: 'unauthorized',
        matches: facts => facts.status === 401 ||
            facts.codes.includes('UNAUTHORIZED') ||
            /\bunauthorized\b|incorrect username or password|authentication required|status: 401\b|invalid username\/password/i.test(facts.text),
        diagnose: ({ context, doing }) => {
            const unqualified = context.username !== undefined &&
                context.namespace !== undefined &&
                !context.username.startsWith(`${context.namespace}/`);
            return unqualified
                ? {
                    input: constants/* Inputs */.G0.Username,
                    message: `${doing} failed: username '${context.username}' does not start with the namespace '${context.namespace}/'`,
                    fix: `Write username as ${usernameFormats(context)}.`
                }
                : {
                    input: constants/* Inputs */.G0.AuthToken,
                    message: `${doing} failed: the registry did not accept ${context.username ? `username '${context.username}'` : 'the username'} with this auth token`,
                    fix: `Check that auth-token is an auth token of that user (${AUTH_TOKEN_HOW}; a deleted token stops working), and that the username is ${usernameFormats(context)}.`
                };
        }
    },
    {
        name: 'name-unknown',
        matches: codeOrText(['NAME_UNKNOWN'], /name unknown|repository name not known/i),
        diagnose: ({ context, doing }) => ({
            input: constants/* Inputs */.G0.Repository,
            message: `${doing} failed: repository '${repositoryPath(context)}' does not exist and was not created by the push`,
            fix: `Create it (Console → Developer Services → Container Registry → Create repository) in the compartment you want, or let the tenancy create repositories on first push (root compartment only). ${denyFix(context)}`
        })
    },
    {
        name: 'denied',
        matches: facts => facts.status === 403 || facts.codes.includes('DENIED') || /\bdenied\b/i.test(facts.text),
        diagnose: ({ context, doing }) => ({
            input: constants/* Inputs */.G0.Repository,
            message: `${doing} failed: the user may not push to '${repositoryPath(context)}'`,
            fix: denyFix(context)
        })
    },
    {
        // Go's net/http (docker-registry, most registries) answers plain HTTP on a TLS port so.
        name: 'https-only',
        matches: saying(/Client sent an HTTP request to an HTTPS server/i),
        diagnose: ({ context }) => ({
            input: constants/* Inputs */.G0.Registry,
            message: `'${context.host}' speaks HTTPS, not plain HTTP`,
            fix: `Write registry: 'https://${context.host}': a loopback host (127.0.0.1, localhost) is spoken to in plain HTTP unless registry says https://.`
        })
    },
    {
        name: 'name-invalid',
        matches: codeOrText(['NAME_INVALID'], /name invalid|invalid repository name/i),
        diagnose: ({ context }) => ({
            input: constants/* Inputs */.G0.Repository,
            message: `the registry refused the repository name '${repositoryPath(context)}'`,
            fix: "Use lower-case path components of letters and digits, separated by '.', '_' or '-', e.g. 'project/app'."
        })
    },
    {
        name: 'tag-invalid',
        matches: codeOrText(['TAG_INVALID'], /tag invalid/i),
        diagnose: () => ({
            input: constants/* Inputs */.G0.Tags,
            message: 'the registry refused a tag',
            fix: "Tags are 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'; change the tag rule."
        })
    },
    {
        name: 'manifest-invalid',
        matches: codeOrText(['MANIFEST_INVALID', 'MANIFEST_BLOB_UNKNOWN'], /manifest invalid|manifest blob unknown/i),
        diagnose: ({ doing }) => ({
            input: constants/* Inputs */.G0.Image,
            message: `${doing} failed: the registry refused the image manifest`,
            fix: 'OCIR takes Docker v2 schema 2 and OCI manifests and indexes whose layers were pushed first; rebuild the image (or re-export the layout or archive) and push again.'
        })
    },
    {
        name: 'blob-upload',
        matches: codeOrText([
            'BLOB_UNKNOWN',
            'BLOB_UPLOAD_UNKNOWN',
            'BLOB_UPLOAD_INVALID',
            'DIGEST_INVALID',
            'SIZE_INVALID'
        ], /blob unknown|blob upload (unknown|invalid)|digest invalid|digest did not match/i),
        diagnose: ({ doing }) => ({
            message: `${doing} failed: a layer upload was lost or corrupted on the way`,
            fix: 'Run again; if it repeats, check for a proxy that alters or truncates uploads.'
        })
    },
    {
        name: 'too-many-requests',
        matches: facts => facts.status === 429 ||
            facts.codes.includes('TOOMANYREQUESTS') ||
            /too ?many ?requests/i.test(facts.text),
        diagnose: ({ context, doing }) => ({
            message: `${doing} failed: the registry kept throttling requests${retried(context)}`,
            fix: 'Run again in a few minutes, or push fewer images at the same time to this tenancy and region.'
        })
    },
    {
        name: 'server-error',
        matches: facts => (facts.status !== undefined && facts.status >= 500) ||
            /unexpected HTTP status: 5\d\d|\b5\d\d (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i.test(facts.text),
        diagnose: ({ context, doing }) => ({
            message: `${doing} failed: the registry answered with server errors${retried(context)}`,
            fix: 'This is on the registry side: run again later, and check https://ocistatus.oraclecloud.com for the region.'
        })
    },
    {
        name: 'dns',
        matches: networkCodeOrText(/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)$/, /no such host|Temporary failure in name resolution|server misbehaving/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `the registry host '${context.host}' cannot be resolved (DNS)`,
            fix: hostInput(context) === constants/* Inputs */.G0.Registry
                ? `Check registry for typos (e.g. 'fra.ocir.io'), and that this machine has DNS and network access.`
                : `Check region and that this machine can resolve public names (DNS, proxy); the host is derived from region.`
        })
    },
    {
        name: 'untrusted-certificate',
        matches: facts => facts.certificate !== undefined,
        diagnose: ({ context, certificate }) => certificateDiagnosis(context, certificate)
    },
    {
        name: 'plain-http',
        matches: networkCodeOrText(/^ERR_SSL_WRONG_VERSION_NUMBER$/, /server gave HTTP response to HTTPS client|wrong version number/i),
        diagnose: ({ context }) => ({
            input: constants/* Inputs */.G0.Registry,
            message: `'${context.host}' speaks plain HTTP, not HTTPS`,
            fix: `Use the registry's HTTPS host. One that speaks only plain HTTP needs registry: 'http://${context.host}' (loopback hosts, 127.0.0.1 and localhost, get plain HTTP unless registry says https://); the credentials then travel in clear text.`
        })
    },
    {
        name: 'tls',
        matches: networkCodeOrText(/CERT|^ERR_TLS|^ERR_SSL|SELF_SIGNED|^UNABLE_TO_|^EPROTO$/, /x509:|tls: |certificate/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `the TLS connection to '${context.host}' failed (the certificate was not trusted or did not match)`,
            fix: `Check the host name in ${hostInput(context)}. Behind a TLS-inspecting proxy, add its CA: NODE_EXTRA_CA_CERTS=<ca.pem> for this tool, and /etc/docker/certs.d/${context.host}/ca.crt for Docker.`
        })
    },
    {
        name: 'refused',
        matches: networkCodeOrText(/^ECONNREFUSED$/, /connection refused/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `nothing accepts connections at '${context.host}'`,
            fix: `Check the host and port in ${hostInput(context)}, and any proxy or firewall between this machine and the registry.`
        })
    },
    {
        name: 'timeout',
        matches: facts => facts.stalled === true ||
            networkCodeOrText(/^(ETIMEDOUT|UND_ERR_\w*TIMEOUT)$/, /i\/o timeout|Client\.Timeout exceeded|TLS handshake timeout|context deadline exceeded/i)(facts),
        diagnose: ({ context }) => ({
            message: `the registry '${context.host}' did not answer in time${retried(context)}`,
            fix: 'Check the network path to the registry (proxy settings HTTPS_PROXY/NO_PROXY, firewall), then run again.'
        })
    },
    {
        name: 'unreachable',
        matches: networkCodeOrText(/^(EHOSTUNREACH|ENETUNREACH)$/, /network is unreachable|no route to host/i),
        diagnose: ({ context }) => ({
            message: `this machine has no network route to '${context.host}'`,
            fix: 'Check the network access of this machine (proxy HTTPS_PROXY, firewall, VPN).'
        })
    },
    {
        name: 'connection-cut',
        matches: networkCodeOrText(/^(ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET)$/, /connection reset|broken pipe|unexpected EOF|socket hang up|other side closed/i),
        diagnose: ({ context }) => ({
            message: `the connection to '${context.host}' was cut${retried(context)}`,
            fix: 'Run again; if it repeats, check for a proxy or firewall that drops long uploads.'
        })
    }
];
function denyFix(context) {
    return `Grant the user's group an IAM policy such as 'Allow group <group> to manage repos in compartment <compartment>' ('use repos' is enough to push to an existing repository). A push can create a missing repository only in the root compartment, and only if the user may manage repos in the tenancy; otherwise create '${repositoryPath(context)}' first in the right compartment.`;
}
const CERTIFICATE_WORDS = {
    'unknown-issuer': 'it is signed by a certificate authority this machine does not trust',
    'self-signed': 'it is self-signed, and this machine does not trust it',
    expired: 'it has expired',
    'not-yet-valid': 'it is not valid yet',
    'wrong-host': 'it is not made out to that host name',
    revoked: 'it has been revoked',
    invalid: 'it does not pass verification'
};
function certificateDiagnosis(context, refused) {
    const { host, problem, code } = refused;
    const message = `the certificate of '${host}' is not trusted: ${CERTIFICATE_WORDS[problem]} (${code})`;
    switch (problem) {
        case 'unknown-issuer':
        case 'self-signed':
            return {
                message,
                fix: `If '${host}' uses a private CA (or a TLS-inspecting proxy sits in between), make this tool trust that CA: set NODE_EXTRA_CA_CERTS=<path to the CA's PEM> (for a self-signed certificate, the certificate itself) in the environment it starts with (in a workflow, the step's env), or add the CA to the runner's trust store and set NODE_OPTIONS=--use-openssl-ca (Node reads that store only then). Docker's engine (for images in it, and later pulls) reads /etc/docker/certs.d/${host}/ca.crt instead. Never turn verification off.`
            };
        case 'wrong-host':
            return {
                input: hostInput(context),
                message,
                fix: `Use a host name the certificate is made out to in ${hostInput(context)} (OCIR's are '<key>.ocir.io' and 'ocir.<region>.oci.<realm domain>'); behind a TLS-inspecting proxy, its certificate must name '${host}' too.`
            };
        case 'expired':
        case 'not-yet-valid':
            return {
                message,
                fix: `Check this machine's clock ('date -u'); if it is right, whoever runs '${host}' must renew its certificate.`
            };
        case 'revoked':
        case 'invalid':
            return {
                message,
                fix: `Whoever runs '${host}' must replace its certificate; behind a TLS-inspecting proxy, check the certificate the proxy presents.`
            };
    }
}
function doingFor(phase, context) {
    switch (phase) {
        case 'login':
        case 'token':
        case 'ping':
            return `Logging in to ${context.host}`;
        case 'push':
            return `Pushing to ${context.host}/${repositoryPath(context)}`;
        case 'pull':
            return `Reading ${context.host}/${repositoryPath(context)}`;
        default:
            return `docker ${phase}`;
    }
}
/** `text` with every form of every secret in `context` replaced by `***`. */
function redactSecrets(text, context) {
    return (0,common_text/* withoutSecrets */.cT)(text, context.secrets ?? [], context.username);
}
/** A distribution `{"errors":[{code,message}]}` body as codes and words; other text as is. */
function readBody(body) {
    try {
        const parsed = JSON.parse(body);
        if (Array.isArray(parsed.errors)) {
            const errors = parsed.errors.map(e => ({
                code: typeof e.code === 'string' ? e.code.toUpperCase() : '',
                message: typeof e.message === 'string' ? e.message : ''
            }));
            return {
                codes: errors.map(e => e.code).filter(Boolean),
                words: errors.map(e => [e.code, e.message].filter(Boolean).join(': ')).join('; ')
            };
        }
    }
    catch {
        // Not JSON: the body is the registry's words as they are.
    }
    return { codes: [], words: body.trim() };
}
/** Docker's output without layer progress lines, the last lines kept when it is long. */
function dockerWords(stderr) {
    const lines = stderr
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line !== '' && !PROGRESS_LINE.test(line));
    return lines.slice(-10).join('\n');
}
const MAX_DETAIL = 2000;
function decide(facts, fallback) {
    for (const rule of RULES) {
        const match = rule.matches(facts);
        if (match)
            return rule.diagnose(facts, typeof match === 'object' ? match : null);
    }
    return fallback;
}
function unrecognised(facts) {
    return {
        message: `${facts.doing} failed${facts.status ? ` (HTTP ${facts.status})` : ''}`,
        fix: 'The message below is what the other side said; run again with debug logging for the full exchange.'
    };
}
function finish(diagnosis, detail, context) {
    const clean = (s) => redactSecrets(s, context);
    const words = clean(detail);
    return {
        message: clean(diagnosis.message),
        fix: clean(diagnosis.fix),
        ...(diagnosis.input ? { input: diagnosis.input } : {}),
        ...(words
            ? { detail: words.length > MAX_DETAIL ? `${words.slice(0, MAX_DETAIL)}…` : words }
            : {})
    };
}
/** What an HTTP answer from the registry means for the user. */
function diagnoseRegistryFailure(failure) {
    const body = readBody(redactSecrets(failure.message ?? '', failure));
    const codes = failure.code ? [failure.code.toUpperCase(), ...body.codes] : body.codes;
    const facts = {
        context: failure,
        doing: doingFor(failure.phase, failure),
        text: body.words,
        status: failure.status,
        codes
    };
    const { message, ...details } = finish(decide(facts, unrecognised(facts)), body.words, failure);
    return new errors/* RegistryError */.gl(message, { ...details, status: failure.status, code: codes[0] });
}
/** What a failed Docker CLI command (its stderr, or a failure to start it) means. */
function diagnoseDockerFailure(failure) {
    const words = dockerWords(redactSecrets(failure.stderr, failure));
    const facts = {
        context: failure,
        doing: doingFor(failure.command, failure),
        text: words,
        codes: [],
        spawnErrorCode: failure.spawnErrorCode,
        dockerReason: failure.reason,
        dockerHost: failure.dockerHost
    };
    const { message, ...details } = finish(decide(facts, unrecognised(facts)), words, failure);
    return new errors/* DockerError */.Bi(message, details);
}
/** The codes and messages of an error and its causes (fetch wraps the socket's error). */
function errorChain(error) {
    const parts = [];
    const seen = new Set();
    for (let current = error; current !== undefined && current !== null && !seen.has(current);) {
        seen.add(current);
        if (current instanceof Error || typeof current === 'object') {
            const { code, name, message } = current;
            for (const part of [code, name, message])
                if (typeof part === 'string')
                    parts.push(part);
            current = current.cause;
        }
        else {
            parts.push(String(current));
            current = undefined;
        }
    }
    return parts;
}
/** The first Node error code in the cause chain; a `TimeoutError` (AbortSignal.timeout) is a stall. */
function networkFacts(error) {
    const facts = {};
    const seen = new Set();
    for (let current = error; typeof current === 'object' && current !== null && !seen.has(current);) {
        seen.add(current);
        const { code, name, cause } = current;
        if (typeof code === 'string')
            facts.code ??= code;
        if (name === 'TimeoutError')
            facts.stalled = true;
        current = cause;
    }
    return facts;
}
/** What a request that got no HTTP answer at all (DNS, refused, TLS, reset, timeout) means. */
function diagnoseNetworkError(error, host, context = {}, network = networkFacts(error)) {
    const full = { ...context, host };
    const words = redactSecrets([...new Set(errorChain(error))].join(': '), full);
    const facts = {
        context: full,
        doing: `Connecting to ${host}`,
        text: words,
        codes: [],
        networkCode: network.code,
        stalled: network.stalled,
        certificate: network.certificate
    };
    const diagnosis = decide(facts, {
        input: hostInput(full),
        message: `the registry '${host}' could not be reached`,
        fix: `Check ${hostInput(full)} and the network access of this machine (proxy HTTPS_PROXY, firewall).`
    });
    const { message, ...details } = finish(diagnosis, words, full);
    return new errors/* RegistryError */.gl(message, { ...details, cause: error });
}

;// CONCATENATED MODULE: ./src/ocir/index.ts






;// CONCATENATED MODULE: external "node:events"
const external_node_events_namespaceObject = require("node:events");
// EXTERNAL MODULE: ./src/image/digest.ts
var image_digest = __nccwpck_require__(33);
;// CONCATENATED MODULE: ./src/registry/errors.ts

/** A request the registry side failed: it needs OCIR's wording, given above the registry layer. */
class RegistryRequestError extends Error {
    phase;
    repository;
    method;
    url;
    /** How many attempts were made, retries included; set when the retry loop gives up. */
    attempts = 1;
    constructor(message, facts, cause) {
        super(message, cause === undefined ? undefined : { cause });
        this.name = new.target.name;
        this.phase = facts.phase;
        this.repository = facts.repository;
        this.method = facts.method;
        this.url = facts.url;
    }
}
const MAX_MESSAGE = 2000;
/** The registry answered with a status the request does not accept. */
class RegistryResponseError extends RegistryRequestError {
    status;
    errors;
    /** The registry's own words (the body as text), bounded. */
    body;
    retryAfterMs;
    constructor(facts, answer) {
        super(`${facts.method} ${facts.url}: HTTP ${answer.status}`, facts);
        this.status = answer.status;
        this.body = answer.body.slice(0, MAX_MESSAGE);
        this.errors = distributionErrors(answer.body);
        this.retryAfterMs = answer.retryAfterMs;
    }
    /** 5xx and 429: the registry may answer differently in a moment. */
    get transient() {
        return this.status >= 500 || this.status === 429;
    }
}
/** A Bearer token lapsed under a streamed upload: the upload resumes with a new one. */
class ExpiredTokenError extends RegistryResponseError {
    constructor(facts) {
        super(facts, { status: 401, body: '' });
    }
    get transient() {
        return true;
    }
}
/**
 * No answer: refused, reset, DNS, or a TLS failure other than a refused certificate. `code` is
 * Node's (`ECONNREFUSED`, …).
 */
class RegistryNetworkError extends RegistryRequestError {
    code;
    constructor(facts, cause) {
        const code = nodeErrorCode(cause);
        super(`${facts.method} ${facts.url}: ${describeCause(cause)}`, facts, cause);
        this.code = code;
    }
}
/** Node's TLS error codes (OpenSSL's X509_V_ERR_* names, and Node's own host check) by problem. */
const CERTIFICATE_CODES = {
    UNABLE_TO_GET_ISSUER_CERT: 'unknown-issuer',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-issuer',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-issuer',
    SELF_SIGNED_CERT_IN_CHAIN: 'unknown-issuer',
    CERT_UNTRUSTED: 'unknown-issuer',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
    CERT_HAS_EXPIRED: 'expired',
    CERT_NOT_YET_VALID: 'not-yet-valid',
    ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-host',
    HOSTNAME_MISMATCH: 'wrong-host',
    CERT_REVOKED: 'revoked',
    CERT_SIGNATURE_FAILURE: 'invalid',
    CERT_REJECTED: 'invalid',
    INVALID_CA: 'invalid',
    INVALID_PURPOSE: 'invalid',
    PATH_LENGTH_EXCEEDED: 'invalid',
    CERT_CHAIN_TOO_LONG: 'invalid',
    ERROR_IN_CERT_NOT_BEFORE_FIELD: 'invalid',
    ERROR_IN_CERT_NOT_AFTER_FIELD: 'invalid',
    UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'invalid',
    UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'invalid'
};
/** The certificate problem a Node error code names; undefined for any other failure. */
function certificateProblem(code) {
    return code !== undefined && Object.hasOwn(CERTIFICATE_CODES, code)
        ? CERTIFICATE_CODES[code]
        : undefined;
}
/**
 * The TLS handshake refused the server's certificate (chosen by Node's error code, see
 * `certificateProblem`). Never retried: the same certificate is refused again.
 */
class UntrustedCertificateError extends RegistryRequestError {
    code;
    problem;
    /** `host[:port]` whose certificate was refused: the registry, or its token realm. */
    host;
    constructor(facts, code, problem, cause) {
        const host = new URL(facts.url).host;
        // Node's own words ("unable to verify the first certificate") stay in the cause.
        super(`${facts.method} ${facts.url}: the certificate of ${host} was refused (${code})`, facts, cause);
        this.code = code;
        this.problem = problem;
        this.host = host;
    }
}
/**
 * The socket moved no byte either way for the stall timeout, headers or body alike; or a small
 * answer (a token, an error body) trickled in and was not whole within it.
 */
class StalledRequestError extends RegistryRequestError {
    stallTimeoutMs;
    constructor(facts, stallTimeoutMs, trickled = false) {
        super(`${facts.method} ${facts.url}: ${trickled ? 'the answer was not whole after' : 'no byte moved for'} ${stallTimeoutMs} ms`, facts);
        this.stallTimeoutMs = stallTimeoutMs;
    }
}
/** The registry's answer is larger than any answer of its kind may be. */
class ResponseTooLargeError extends errors/* RegistryError */.gl {
    facts;
    limit;
    constructor(facts, limit) {
        super(`${facts.method} ${facts.url}: the answer is larger than ${limit} bytes`, {
            fix: 'The host does not answer like a distribution registry; check the registry host (and any proxy in between).'
        });
        this.facts = facts;
        this.limit = limit;
    }
}
/** The registry broke the distribution protocol: no Location, no realm, no token. */
class RegistryProtocolError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts, message) {
        super(message, {
            fix: 'The host does not follow the OCI distribution protocol; check the registry host.'
        });
        this.facts = facts;
    }
}
/** A Location or redirect would move the exchange from https to plain http. */
class InsecureRedirectError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts, target) {
        super(`${facts.method} ${facts.url}: refused to follow a redirect to plain http (${target})`, {
            fix: 'The registry (or a proxy) sent the client from HTTPS to plain HTTP; nothing was sent there. Check the registry host.'
        });
        this.facts = facts;
    }
}
/** Redirect after redirect: the registry (or a proxy) sends the request round in a loop. */
class RedirectLoopError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts, hops) {
        super(`${facts.method} ${facts.url}: redirect loop (more than ${hops} redirects)`, {
            fix: 'The registry (or a proxy in between) keeps redirecting the request; check the registry host and the proxy settings.'
        });
        this.facts = facts;
    }
}
/** A Location to something other than http(s) (`file:`, `ftp:`): no registry sends one. */
class UnsupportedLocationError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts, protocol) {
        super(`${facts.method} ${facts.url}: refused to follow a Location to a '${protocol}' URL`, {
            fix: 'The host sent the client to a URL that is not HTTP(S); nothing was read or sent there. Check the registry host.'
        });
        this.facts = facts;
    }
}
/** The answer's header block is larger than Node accepts (`HPE_HEADER_OVERFLOW`). */
class ResponseHeadersTooLargeError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts) {
        super(`${facts.method} ${facts.url}: the answer's headers are larger than HTTP clients accept`, {
            fix: 'The host does not answer like a distribution registry; check the registry host (and any proxy in between).'
        });
        this.facts = facts;
    }
}
/**
 * The Bearer challenge of an HTTPS registry names a token realm without TLS: the credentials
 * would go there in clear text.
 */
class InsecureRealmError extends errors/* RegistryError */.gl {
    constructor(realm) {
        super(`Signing in: refused to send the credentials to the token realm ${realm.origin}${realm.pathname}, which is not HTTPS`, {
            fix: "The registry (or a proxy in between) named a plain-http token endpoint for an HTTPS registry; nothing was sent there. Check the registry host and any proxy; OCIR's realm is https://<host>/20180419/docker/token."
        });
    }
}
/**
 * The token realm sent the token request on to another origin: the credentials never go there,
 * so whatever it answers is no token for them.
 */
class RealmRedirectError extends errors/* RegistryError */.gl {
    constructor(realm, target) {
        super(`Signing in: the token realm ${realm.origin}${realm.pathname} redirected to ${target.origin}${target.pathname}, where the credentials are not sent`, {
            fix: "The token endpoint (or a proxy in between) sends token requests to another host; no credentials went there. Check the registry host and any proxy; OCIR's realm is https://<host>/20180419/docker/token."
        });
    }
}
/** The source's bytes are not the blob its digest names: retrying cannot help. */
class UploadContentError extends errors/* RegistryError */.gl {
}
function distributionErrors(body) {
    try {
        const parsed = JSON.parse(body);
        if (!Array.isArray(parsed.errors))
            return [];
        return parsed.errors.map(error => ({
            code: typeof error.code === 'string' ? error.code.toUpperCase() : '',
            message: typeof error.message === 'string' ? error.message : ''
        }));
    }
    catch {
        return [];
    }
}
function nodeErrorCode(error) {
    const code = error?.code;
    return typeof code === 'string' ? code : undefined;
}
function describeCause(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = require("node:http");
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = require("node:https");
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __nccwpck_require__(466);
// EXTERNAL MODULE: ./src/common/lent-chunks.ts
var lent_chunks = __nccwpck_require__(363);
;// CONCATENATED MODULE: ./src/registry/transport/proxy.ts


function variable(env, name) {
    return env[name] || env[name.toUpperCase()] || undefined;
}
const DEFAULT_PORTS = { 'http:': '80', 'https:': '443' };
/**
 * Whether `NO_PROXY` exempts `url`, by curl's rules: a comma (or space) list of host names,
 * each matching itself and its subdomains (a leading dot or `*.` changes nothing), optionally
 * with `:port`; `*` alone exempts everything. Loopback is proxied unless listed.
 */
function bypassesProxy(url, noProxy) {
    const host = unbracketed(url.hostname.toLowerCase());
    const port = url.port || DEFAULT_PORTS[url.protocol];
    return noProxy
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean)
        .some(entry => {
        if (entry === '*')
            return true;
        const withPort = /^(.*):(\d+)$/.exec(entry);
        if (withPort && !withPort[1].endsWith(']') && withPort[1].includes(':')) {
            // An unbracketed IPv6 address: its colons are not a port separator.
            return matchesHost(host, entry);
        }
        if (withPort && withPort[2] !== port)
            return false;
        return matchesHost(host, withPort ? withPort[1] : entry);
    });
}
function unbracketed(host) {
    return host.replace(/^\[(.*)\]$/, '$1');
}
function matchesHost(host, entry) {
    const name = unbracketed(entry.replace(/^\*?\.?/, ''));
    return host === name || host.endsWith(`.${name}`);
}
/** The proxy `url` goes through, from `HTTPS_PROXY` or `HTTP_PROXY` by its scheme, if any. */
function proxyFor(url, env) {
    if (bypassesProxy(url, variable(env, 'no_proxy') ?? ''))
        return undefined;
    const proxy = variable(env, url.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
    if (!proxy)
        return undefined;
    return new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
}
/**
 * Keep-alive agents, one per route: direct, or through each proxy. The proxy agents are
 * libraries on purpose: CONNECT, TLS over the tunnel and reuse of tunnels are easy to get
 * subtly wrong.
 */
class Agents {
    env;
    agents = new Map();
    constructor(env) {
        this.env = env;
    }
    async for(url) {
        const proxy = proxyFor(url, this.env);
        const key = `${url.protocol} ${proxy?.href ?? 'direct'}`;
        const existing = this.agents.get(key);
        if (existing)
            return existing;
        const agent = proxy ? await proxyAgent(url, proxy) : directAgent(url);
        // A request alongside may have made one meanwhile: that one is kept.
        const made = this.agents.get(key);
        if (made) {
            agent.destroy();
            return made;
        }
        this.agents.set(key, agent);
        return agent;
    }
    /** Closes idle connections; the process then has nothing of the client left open. */
    destroy() {
        for (const agent of this.agents.values())
            agent.destroy();
        this.agents.clear();
    }
}
function directAgent(url) {
    return url.protocol === 'https:'
        ? new external_node_https_namespaceObject.Agent({ keepAlive: true })
        : new external_node_http_namespaceObject.Agent({ keepAlive: true });
}
/**
 * An agent through `proxy`. Its library is loaded then: most runs use no proxy, and the
 * libraries (with their logger and Node's `assert`) take a while to load. They are in the one
 * bundle still (`webpackMode: "eager"`): nothing is read from disk then.
 */
async function proxyAgent(url, proxy) {
    if (url.protocol === 'https:') {
        const { HttpsProxyAgent } = await Promise.resolve(/* import() eager */).then(__nccwpck_require__.bind(__nccwpck_require__, 883));
        return new HttpsProxyAgent(proxy, { keepAlive: true });
    }
    const { HttpProxyAgent } = await Promise.resolve(/* import() eager */).then(__nccwpck_require__.bind(__nccwpck_require__, 6));
    // A forwarding proxy may close the connection after each answer without saying so
    // (tinyproxy does): a reused socket would then fail the next request.
    return new HttpProxyAgent(proxy, { keepAlive: false });
}

;// CONCATENATED MODULE: ./src/registry/transport/retry.ts

const DEFAULT_RETRY_POLICY = {
    attempts: 5,
    budgetMs: 60_000,
    baseDelayMs: 500,
    maxDelayMs: 15_000
};
const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        // Not unref'd: a backoff is the run's only pending work, and Node would exit in it.
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    }),
    random: () => Math.random()
};
/**
 * Runs `operation` until it succeeds, fails for good, or the budget is spent; then throws the
 * last error. Backoff is exponential with full jitter so parallel uploads do not retry in step;
 * a `Retry-After` from the server replaces it.
 */
async function withRetry(operation, options) {
    const { policy, clock, signal } = options;
    const started = clock.now();
    for (let attempt = 1;; attempt++) {
        signal?.throwIfAborted();
        try {
            return await operation(attempt);
        }
        catch (error) {
            signal?.throwIfAborted();
            const decision = options.classify(error);
            if (!decision.retry || attempt >= policy.attempts)
                throw error;
            const delayMs = decision.retryAfterMs ?? backoffDelay(policy, attempt, clock.random());
            if (clock.now() - started + delayMs > policy.budgetMs)
                throw error;
            options.onRetry?.(error, attempt, delayMs);
            await clock.sleep(delayMs, signal);
        }
    }
}
/** Full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
function backoffDelay(policy, attempt, random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling * random);
}
/** `Retry-After` as delay-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value, now) {
    if (value === null || value.trim() === '')
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** The one retry rule of the registry client: 5xx, 429 (honouring Retry-After), no answer, stall. */
function classifyFailure(error) {
    if (error instanceof RegistryResponseError) {
        return error.transient ? { retry: true, retryAfterMs: error.retryAfterMs } : { retry: false };
    }
    return { retry: error instanceof RegistryNetworkError || error instanceof StalledRequestError };
}
/** `withRetry` by that rule; the error that ends it tells how many attempts were made. */
async function retryTransient(operation, options) {
    let attempts = 0;
    try {
        return await withRetry(attempt => {
            attempts = attempt;
            return operation(attempt);
        }, { ...options, classify: classifyFailure });
    }
    catch (error) {
        // A sibling's failure that aborted this request keeps the count of its own attempts.
        if (error instanceof RegistryRequestError && error !== options.signal?.reason) {
            error.attempts = attempts;
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/registry/transport/http.ts








/** No byte sent and none received for this long: the connection hangs. */
const DEFAULT_STALL_TIMEOUT_MS = 60_000;
/** Error bodies and token answers; manifests may be larger. */
const SMALL_BODY_LIMIT = 1024 * 1024;
const MANIFEST_BODY_LIMIT = 4 * 1024 * 1024;
/** A blob read whole (an image config; a layer when verifying a push) is held in memory. */
const BLOB_BODY_LIMIT = 512 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** Facts for errors and logs: the URL without its query, which holds upload state. */
function requestFacts(method, url, context) {
    return { ...context, method, url: `${url.origin}${url.pathname}` };
}
/**
 * A location the registry named, resolved against the URL it answered for. Plain http after
 * https is refused: the next request would carry upload state (and maybe credentials) in clear.
 * Anything but http(s) is refused too.
 */
function resolveLocation(location, base, facts) {
    const target = new URL(location, base);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw new UnsupportedLocationError(facts, target.protocol);
    }
    if (base.protocol === 'https:' && target.protocol !== 'https:') {
        throw new InsecureRedirectError(facts, `${target.origin}${target.pathname}`);
    }
    return target;
}
/** `Authorization` only for `origin` (scheme, host and port): never to a redirect elsewhere. */
function forOrigin(origin, value) {
    return async (url) => (url.origin === origin ? value() : undefined);
}
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * The one send path of the registry client, node:http(s) for every request. It follows
 * redirects (re-deciding Authorization per origin), cuts a stalled socket, honours the
 * signal, and turns 5xx and 429 into a `RegistryResponseError` the retry policy knows.
 */
class HttpTransport {
    stallTimeoutMs;
    signal;
    agents;
    logger;
    constructor(options = {}) {
        this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
        this.signal = options.signal;
        this.agents = new Agents(options.env ?? process.env);
        this.logger = options.logger;
    }
    async send(request) {
        let { method, url, body } = request;
        for (let redirects = 0;; redirects++) {
            const facts = requestFacts(method, url, request.context);
            const headers = { 'User-Agent': 'ocir-push', ...request.headers };
            const authorization = await request.authorization?.(url);
            if (authorization)
                headers.Authorization = authorization;
            this.logger?.debug(`${method} ${facts.url}`);
            const agent = await this.agents.for(url);
            const response = await this.exchange(method, url, headers, body, facts, agent, request.signal);
            const location = response.header('location');
            const followable = body === undefined || body instanceof Uint8Array;
            if (!REDIRECTS.has(response.status) || !location || !followable) {
                return this.failOnTransient(response, facts);
            }
            await response.discard();
            if (redirects >= MAX_REDIRECTS) {
                throw new RedirectLoopError(facts, MAX_REDIRECTS);
            }
            url = resolveLocation(location, url, facts);
            if (response.status === 303 || ([301, 302].includes(response.status) && method === 'POST')) {
                method = method === 'HEAD' ? 'HEAD' : 'GET';
                body = undefined;
            }
        }
    }
    /** Closes idle keep-alive connections. */
    close() {
        this.agents.destroy();
    }
    async failOnTransient(response, facts) {
        if (response.status < 500 && response.status !== 429)
            return response;
        throw new RegistryResponseError(facts, {
            status: response.status,
            body: await response.text(),
            retryAfterMs: parseRetryAfter(response.header('retry-after') ?? null, Date.now())
        });
    }
    exchange(method, url, headers, body, facts, agent, own) {
        const signal = own && this.signal ? AbortSignal.any([this.signal, own]) : (own ?? this.signal);
        signal?.throwIfAborted();
        const send = url.protocol === 'https:' ? external_node_https_namespaceObject.request : external_node_http_namespaceObject.request;
        if (body instanceof Uint8Array)
            headers['Content-Length'] ??= String(body.length);
        const request = send(url, { method, headers, agent });
        request.once('socket', keepSocketErrorsHandled);
        // One cause decides what every later error of this exchange means.
        let failure;
        const cut = (reason) => {
            failure ??= reason;
            request.destroy(reason);
        };
        const onAbort = () => cut(signal.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        // The socket's idle timer covers both directions, the response body included.
        request.setTimeout(this.stallTimeoutMs, () => cut(new StalledRequestError(facts, this.stallTimeoutMs)));
        request.once('close', () => signal?.removeEventListener('abort', onAbort));
        const explain = (error) => {
            const cause = failure ?? error;
            if (cause instanceof errors/* OcirPushError */.oW || cause === signal?.reason)
                return cause;
            if (cause instanceof StalledRequestError)
                return cause;
            const code = nodeErrorCode(cause);
            // An answer, but not one any registry gives: retrying gets the same one.
            if (code === 'HPE_HEADER_OVERFLOW')
                return new ResponseHeadersTooLargeError(facts);
            // Decided by Node's code, never its words: the same certificate is refused every time.
            const problem = certificateProblem(code);
            if (code && problem)
                return new UntrustedCertificateError(facts, code, problem, cause);
            return new RegistryNetworkError(facts, cause);
        };
        return new Promise((resolve, reject) => {
            request.once('response', answer => resolve(new Answer(answer, url, facts, explain, this.stallTimeoutMs)));
            // The body can be through (written to the socket) when the connection is cut: the
            // request's own error is the one that counts. After an answer, both are moot.
            request.on('error', error => reject(explain(error)));
            if (body === undefined || body instanceof Uint8Array) {
                request.end(body);
            }
            else {
                (0,lent_chunks/* writeLentChunks */.n)(body, request).catch((error) => {
                    cut(error);
                    reject(explain(error));
                });
            }
        });
    }
}
/** Sockets that have a listener of their own for 'error'. */
const handledSockets = new WeakSet();
/**
 * Gives a socket an 'error' listener for its whole life. Node leaves a socket without one for
 * a moment while it hands it back to the pool (its `responseKeepAlive`), and an answer can come
 * before the body is all up (a registry refusing an upload): a cut or a reset landing then
 * would end the process with an unhandled 'error'. The request's own 'error' event still
 * carries every failure of an exchange.
 */
function keepSocketErrorsHandled(socket) {
    if (handledSockets.has(socket))
        return;
    handledSockets.add(socket);
    socket.on('error', () => undefined);
}
/** An answer whose body was read inside the retried attempt, so a stall in it is retried. */
function buffered(response, bytes) {
    return {
        status: response.status,
        url: response.url,
        header: name => response.header(name),
        read: async () => bytes,
        text: async () => bytes.toString('utf8'),
        discard: async () => undefined
    };
}
/** One answer, its body unread until asked for. */
class Answer {
    message;
    url;
    facts;
    explain;
    stallTimeoutMs;
    status;
    constructor(message, url, facts, explain, stallTimeoutMs) {
        this.message = message;
        this.url = url;
        this.facts = facts;
        this.explain = explain;
        this.stallTimeoutMs = stallTimeoutMs;
        this.status = message.statusCode ?? 0;
        // Nothing follows the headers: the socket goes back to the pool without waiting for a read.
        if (facts.method === 'HEAD' || [204, 304].includes(this.status))
            message.resume();
    }
    header(name) {
        const value = this.message.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : value;
    }
    async read(limit) {
        const declared = Number(this.header('content-length') ?? 0);
        if (declared > limit) {
            this.message.destroy();
            throw new ResponseTooLargeError(this.facts, limit);
        }
        const chunks = [];
        let size = 0;
        // The idle timer never fires for a byte a second: a small answer must be whole within the
        // stall limit, however it trickles. Blobs and manifests may take longer on a slow link.
        const deadline = limit <= SMALL_BODY_LIMIT
            ? setTimeout(() => this.message.destroy(new StalledRequestError(this.facts, this.stallTimeoutMs, true)), this.stallTimeoutMs)
            : undefined;
        try {
            for await (const chunk of this.message) {
                size += chunk.length;
                if (size > limit) {
                    this.message.destroy();
                    throw new ResponseTooLargeError(this.facts, limit);
                }
                chunks.push(chunk);
            }
        }
        catch (error) {
            throw error instanceof ResponseTooLargeError ? error : this.explain(error);
        }
        finally {
            clearTimeout(deadline);
        }
        // A body cut short by a reset or stall ends the iteration as "aborted", not as an error.
        if (!this.message.complete)
            throw this.explain(new Error('the answer was cut short'));
        return Buffer.concat(chunks);
    }
    async text(limit = SMALL_BODY_LIMIT) {
        return (await this.read(limit)).toString('utf8');
    }
    async discard() {
        if (this.message.readableEnded || this.message.destroyed)
            return;
        this.message.resume();
        await (0,external_node_stream_promises_.finished)(this.message).catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./src/registry/blobs.ts





function pushScope(repository) {
    return `repository:${repository}:pull,push`;
}
function pullScope(repository) {
    return `repository:${repository}:pull`;
}
/** Blob lookup, reads, cross-repository mounts and resumable uploads. */
class Blobs {
    requests;
    limits;
    logger;
    /** Cancellations of upload sessions `push` opened for blobs that were there already. */
    dropping = new Set();
    constructor(requests, limits, logger) {
        this.requests = requests;
        this.limits = limits;
        this.logger = logger;
    }
    async has(repository, digest) {
        const spec = {
            method: 'HEAD',
            url: `/v2/${repository}/blobs/${digest}`,
            scopes: [pullScope(repository)],
            what: `Checking blob ${digest}`,
            context: { phase: 'pull', repository }
        };
        const response = await this.requests.send(spec);
        if (response.status === 404)
            return false;
        await this.requests.expect(response, [200], spec);
        return true;
    }
    /** Reads a blob (an image config) whole, verifying its digest. */
    async get(repository, digest) {
        const spec = {
            method: 'GET',
            url: `/v2/${repository}/blobs/${digest}`,
            scopes: [pullScope(repository)],
            readLimit: BLOB_BODY_LIMIT,
            what: `Reading blob ${digest}`,
            context: { phase: 'pull', repository }
        };
        const response = await this.requests.send(spec);
        await this.requests.expect(response, [200], spec, true);
        const bytes = await response.read(BLOB_BODY_LIMIT);
        if ((0,image_digest/* digestUnder */.bf)(digest, bytes) !== digest) {
            throw new errors/* RegistryError */.gl(`${spec.what}: the content does not match its digest`, {
                fix: 'The registry served corrupt content; push the image again.'
            });
        }
        return bytes;
    }
    /**
     * Makes the blob exist in `repository`: nothing if it already does, a cross-repository
     * mount when `mountFrom` holds it, an upload otherwise. For an upload the lookup and the
     * session start go out together, so a missing blob (most of a new image's) is one round trip
     * sooner in the registry; the session opened for a blob that is there already is cancelled
     * while the push goes on (`settled` waits for that).
     */
    async push(repository, blob, { mountFrom, progress } = {}) {
        if (mountFrom && mountFrom !== repository) {
            return this.mount(repository, blob, mountFrom, progress);
        }
        const opening = this.start(repository, `Uploading blob ${blob.digest}`);
        // Its failure counts only for a blob that is missing: awaited below, or dropped.
        opening.catch(() => undefined);
        let exists;
        try {
            exists = await this.has(repository, blob.digest);
        }
        catch (error) {
            this.drop(repository, opening);
            throw error;
        }
        if (exists) {
            this.drop(repository, opening);
            return 'existed';
        }
        await this.upload(repository, blob, progress, await opening);
        return 'uploaded';
    }
    /** Resolves once every upload session dropped by `push` has been cancelled (or failed to). */
    async settled() {
        while (this.dropping.size > 0)
            await Promise.all(this.dropping);
    }
    /**
     * A mount from `mountFrom`, after the lookup: a mount answers 201 for a blob that was there
     * already too, so only the lookup tells an existing blob from a mounted one.
     */
    async mount(repository, blob, mountFrom, progress) {
        if (await this.has(repository, blob.digest))
            return 'existed';
        const query = new URLSearchParams({ mount: blob.digest, from: mountFrom });
        const spec = {
            method: 'POST',
            url: `/v2/${repository}/blobs/uploads/?${query}`,
            scopes: [pushScope(repository), pullScope(mountFrom)],
            headers: { 'Content-Length': '0' },
            what: `Uploading blob ${blob.digest}`,
            context: { phase: 'push', repository }
        };
        const response = await this.requests.send(spec);
        await this.requests.expect(response, [201, 202], spec);
        if (response.status === 201)
            return 'mounted';
        await this.upload(repository, blob, progress, this.requests.location(response, spec));
        return 'uploaded';
    }
    /**
     * Cancels the session `opening` started, once it has: a session left open would only
     * expire, later, in the registry. Nothing the push needs depends on it, so its failure is
     * logged, not thrown, and it is not retried.
     */
    drop(repository, opening) {
        const what = 'Cancelling an unused upload session';
        const tracked = opening
            .then(async (location) => {
            const spec = {
                method: 'DELETE',
                url: location,
                scopes: [pushScope(repository)],
                what,
                context: { phase: 'push', repository },
                retry: false
            };
            // 404: the registry has dropped it already.
            await this.requests.expect(await this.requests.send(spec), [204, 404], spec);
        }, 
        // A session that never opened needs no cancelling.
        () => undefined)
            .catch((error) => this.logger?.debug(`${what}: ${(0,errors/* errorMessage */.gJ)(error)}`))
            .finally(() => this.dropping.delete(tracked));
        this.dropping.add(tracked);
    }
    async start(repository, what) {
        const spec = {
            method: 'POST',
            url: `/v2/${repository}/blobs/uploads/`,
            scopes: [pushScope(repository)],
            headers: { 'Content-Length': '0' },
            what,
            context: { phase: 'push', repository }
        };
        const response = await this.requests.send(spec);
        await this.requests.expect(response, [202], spec);
        return this.requests.location(response, spec);
    }
    /**
     * One PUT for small blobs, PATCH chunks then a closing PUT for large ones. A failed request
     * is not repeated: the upload resumes from what the registry kept.
     */
    async upload(repository, blob, progress, started) {
        const what = `Uploading blob ${blob.digest}`;
        const context = { phase: 'push', repository };
        const scopes = [pushScope(repository)];
        progress?.uploading();
        const session = new UploadSession(blob, progress && (offset => progress.sent(offset)));
        let location = started;
        const put = async (length) => {
            const spec = {
                method: 'PUT',
                url: withDigest(location, blob.digest),
                scopes,
                headers: {
                    'Content-Type': 'application/octet-stream',
                    'Content-Length': String(length)
                },
                body: () => session.take(length),
                what,
                context,
                retry: false
            };
            const response = await this.requests.send(spec);
            await this.requests.expect(response, [201], spec);
        };
        // However the upload ends, the source closes its file.
        try {
            await retryTransient(async (attempt) => {
                if (attempt > 1)
                    location = await this.resume(repository, session, location, what);
                if (blob.size <= this.limits.monolithicLimit && session.offset === 0) {
                    return put(blob.size);
                }
                while (session.offset < blob.size) {
                    const length = Math.min(this.limits.chunkSize, blob.size - session.offset);
                    const start = session.offset;
                    const spec = {
                        method: 'PATCH',
                        url: location,
                        scopes,
                        headers: {
                            'Content-Type': 'application/octet-stream',
                            'Content-Length': String(length),
                            'Content-Range': `${start}-${start + length - 1}`
                        },
                        body: () => session.take(length),
                        what,
                        context,
                        retry: false
                    };
                    const response = await this.requests.send(spec);
                    await this.requests.expect(response, [202], spec);
                    location = this.requests.location(response, spec);
                }
                await put(0);
            }, {
                ...this.requests.retry,
                onRetry: (error, attempt, delayMs) => this.logger?.info(`${what}: ${(0,errors/* errorMessage */.gJ)(error)}; resuming in ${delayMs} ms (attempt ${attempt + 1})`)
            });
        }
        finally {
            await session.close();
        }
    }
    /**
     * After a cut upload: asks the registry how much it kept (`Range: 0-N`) and continues from
     * there; when it kept nothing usable, starts a new upload.
     */
    async resume(repository, session, location, what) {
        const spec = {
            method: 'GET',
            url: location,
            scopes: [pushScope(repository)],
            what,
            context: { phase: 'push', repository }
        };
        const response = await this.requests.send(spec);
        await response.discard();
        const rangeHeader = response.header('range');
        const range = /^(?:bytes=)?0-(\d+)$/.exec(rangeHeader ?? '');
        // Distribution answers `0-0` for an empty upload and for one holding a single byte alike:
        // only a new session has a known offset then, and at most one byte is lost.
        const ambiguous = range?.[1] === '0';
        if (response.status === 204 && !ambiguous && (range || !rangeHeader)) {
            const kept = range ? Number(range[1]) + 1 : 0;
            this.logger?.debug(`${what}: the registry kept ${kept} of ${session.blob.size} bytes`);
            await session.rewind(kept);
            return this.requests.location(response, spec, location);
        }
        this.logger?.debug(`${what}: upload session gone (HTTP ${response.status}); starting over`);
        await session.rewind(0);
        return this.start(repository, what);
    }
}
function withDigest(location, digest) {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    return url;
}
const REBUILD = 'The image source changed or is corrupt; rebuild or re-export the image and push again.';
/**
 * The state of one blob upload: how far into the blob the source has been sent. Sources
 * check their bytes against the blob's digest and size (`BlobContent.open`), so the bytes
 * are hashed once, there: after the last byte has gone out the session asks the source for
 * its end, where a source whose content is not the blob's fails, before the request ends.
 */
class UploadSession {
    blob;
    onOffset;
    offset = 0;
    /** The source, lending each chunk until the next is asked for: at most the one in `leftover`. */
    chunks;
    leftover;
    constructor(blob, 
    /** Told the offset each time bytes go out, and where a resume goes back to. */
    onOffset) {
        this.blob = blob;
        this.onOffset = onOffset;
    }
    /**
     * The next `length` bytes of the blob, lent as the source lends them; with the last of
     * them, the source's end.
     */
    async *take(length) {
        let remaining = length;
        while (remaining > 0) {
            const chunk = await this.next();
            const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
            if (piece.length < chunk.length)
                this.leftover = chunk.subarray(remaining);
            this.offset += piece.length;
            remaining -= piece.length;
            this.onOffset?.(this.offset);
            yield piece;
        }
        if (this.offset === this.blob.size)
            await this.end();
    }
    /** Continues from `offset`, what the registry kept: the source opens there afresh. */
    async rewind(offset) {
        await this.close();
        this.chunks = this.blob.open(offset)[Symbol.asyncIterator]();
        this.leftover = undefined;
        this.offset = offset;
        this.onOffset?.(this.offset);
    }
    /** Closes the source (its file); a later read opens it again. */
    async close() {
        const chunks = this.chunks;
        this.chunks = undefined;
        await chunks?.return?.();
    }
    /** Asks the source past the blob's last byte: it checks the whole content there. */
    async end() {
        this.chunks ??= this.blob.open(this.offset)[Symbol.asyncIterator]();
        if (this.leftover || !(await this.chunks.next()).done) {
            throw new UploadContentError(`The source of blob ${this.blob.digest} has more than its ${this.blob.size} bytes`, { fix: REBUILD });
        }
    }
    async next() {
        if (this.leftover) {
            const chunk = this.leftover;
            this.leftover = undefined;
            return chunk;
        }
        this.chunks ??= this.blob.open(this.offset)[Symbol.asyncIterator]();
        const { value, done } = await this.chunks.next();
        if (done) {
            throw new UploadContentError(`The source of blob ${this.blob.digest} ended at ${this.offset} bytes`, { fix: REBUILD });
        }
        return value;
    }
}

// EXTERNAL MODULE: ./src/image/media-types.ts
var media_types = __nccwpck_require__(659);
;// CONCATENATED MODULE: ./src/registry/manifests.ts





/** Manifests and indexes: look up, read (digest-checked), put (digest-confirmed). */
class Manifests {
    requests;
    registry;
    logger;
    constructor(requests, registry, logger) {
        this.requests = requests;
        this.registry = registry;
        this.logger = logger;
    }
    async head(repository, reference) {
        const spec = this.reading('HEAD', repository, reference, `Looking up ${repository}:${reference}`);
        const response = await this.requests.send(spec);
        if (response.status === 404)
            return undefined;
        await this.requests.expect(response, [200], spec);
        return {
            digest: response.header('docker-content-digest') ?? '',
            mediaType: response.header('content-type') ?? '',
            size: Number(response.header('content-length') ?? 0)
        };
    }
    async get(repository, reference) {
        const what = `Reading manifest ${repository}:${reference}`;
        const spec = {
            ...this.reading('GET', repository, reference, what),
            readLimit: MANIFEST_BODY_LIMIT
        };
        const response = await this.requests.send(spec);
        await this.requests.expect(response, [200], spec, true);
        const bytes = await response.read(MANIFEST_BODY_LIMIT);
        const digest = (0,image_digest/* sha256Digest */.sI)(bytes);
        const served = (0,image_digest/* digestUnder */.bf)(reference, bytes);
        if (reference.includes(':') && reference !== served) {
            throw new errors/* RegistryError */.gl(`${what}: the registry returned content with digest ${served}`, {
                fix: 'The registry served corrupt content; push the image again.'
            });
        }
        const mediaType = response.header('content-type')?.split(';')[0]?.trim() ||
            JSON.parse(bytes.toString('utf8')).mediaType ||
            '';
        return { mediaType, bytes, digest };
    }
    /**
     * PUTs the exact bytes under `reference` (a tag or the digest) and returns the digest, once
     * the registry has said that `reference` resolves to it: by the answer's
     * `Docker-Content-Digest`, or, when a registry leaves that out, by a HEAD.
     */
    async put(repository, reference, manifest) {
        const what = `Pushing manifest ${repository}:${reference}`;
        const digest = (0,image_digest/* digestUnder */.bf)(reference, manifest.bytes);
        const spec = {
            method: 'PUT',
            url: `/v2/${repository}/manifests/${reference}`,
            scopes: [pushScope(repository)],
            headers: { 'Content-Type': manifest.mediaType },
            body: () => manifest.bytes,
            what,
            context: { phase: 'push', repository }
        };
        const response = await this.requests.send(spec);
        await this.requests.expect(response, [200, 201], spec);
        const returned = response.header('docker-content-digest');
        if (returned && returned !== digest) {
            throw new errors/* RegistryError */.gl(`${what}: the registry stored digest ${returned}, expected ${digest}`, {
                fix: 'The registry rewrote the manifest; push it with a registry that stores manifests unchanged.'
            });
        }
        if (!returned) {
            const resolved = (await this.head(repository, reference))?.digest;
            if (resolved !== digest) {
                throw new errors/* RegistryError */.gl(`${what}: ${reference} resolves to ${resolved || 'nothing'} after pushing, not ${digest}`, { fix: 'Another push to the same tag ran at the same time; run this push again, alone.' });
            }
        }
        const separator = reference.includes(':') ? '@' : ':';
        this.logger?.info(`${this.registry}/${repository}${separator}${reference} → ${digest}`);
        return digest;
    }
    reading(method, repository, reference, what) {
        return {
            method,
            url: `/v2/${repository}/manifests/${reference}`,
            scopes: [pullScope(repository)],
            headers: { Accept: media_types/* MANIFEST_ACCEPT */.dY },
            what,
            context: { phase: 'pull', repository }
        };
    }
}

;// CONCATENATED MODULE: ./src/registry/transport/basic.ts
/** `Basic base64(username:token)`: the registry's own scheme, or the token realm's. */
function basicAuthorization(credentials) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`;
}

;// CONCATENATED MODULE: ./src/registry/transport/challenge.ts
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
/**
 * Parses `Bearer realm="https://x/token",service="x",scope="a:b:pull,push", Basic realm="y"`.
 * Quoted values may hold commas and escaped quotes, so the header cannot be split on commas.
 */
function parseWwwAuthenticate(header) {
    const challenges = [];
    let position = 0;
    const skip = (pattern) => {
        while (position < header.length && pattern.test(header[position]))
            position++;
    };
    const readToken = () => {
        const start = position;
        while (position < header.length && TOKEN.test(header[position]))
            position++;
        return header.slice(start, position);
    };
    const readQuoted = () => {
        let value = '';
        position++;
        while (position < header.length && header[position] !== '"') {
            if (header[position] === '\\')
                position++;
            value += header[position] ?? '';
            position++;
        }
        position++;
        return value;
    };
    while (position < header.length) {
        skip(/[\s,]/);
        const scheme = readToken();
        if (!scheme) {
            position++;
            continue;
        }
        const challenge = { scheme: scheme.toLowerCase(), params: {} };
        challenges.push(challenge);
        for (;;) {
            skip(/[\s,]/);
            const start = position;
            const name = readToken();
            skip(/\s/);
            if (!name || header[position] !== '=') {
                // Not a parameter: the next challenge's scheme starts here.
                position = start;
                break;
            }
            position++;
            skip(/\s/);
            const value = header[position] === '"' ? readQuoted() : readToken();
            challenge.params[name.toLowerCase()] = value;
        }
    }
    return challenges;
}
/** The challenge of a `WWW-Authenticate` header a client follows: Bearer if offered, else Basic. */
function preferredChallenge(header) {
    const challenges = parseWwwAuthenticate(header);
    return challenges.find(c => c.scheme === 'bearer') ?? challenges.find(c => c.scheme === 'basic');
}

;// CONCATENATED MODULE: ./src/registry/transport/ping.ts




/**
 * `GET /v2/`, unauthenticated, to learn how the registry wants to be spoken to: the Bearer
 * challenge (preferred) or Basic; undefined when it lets anyone in. Any other 4xx is no
 * registry speaking (an HTTPS server asked in plain HTTP answers 400): a `RegistryResponseError`.
 */
function ping(transport, baseUrl, retry) {
    return retryTransient(async () => {
        const url = new URL('/v2/', baseUrl);
        const context = { phase: 'ping' };
        const response = await transport.send({ method: 'GET', url, context });
        if (response.status >= 400 && response.status !== 401) {
            const body = await response.text();
            throw new RegistryResponseError(requestFacts('GET', response.url, context), {
                status: response.status,
                body
            });
        }
        await response.discard();
        if (response.status !== 401)
            return undefined;
        return preferredChallenge(response.header('www-authenticate') ?? '');
    }, retry);
}

;// CONCATENATED MODULE: ./src/registry/requests.ts






/**
 * Authenticated requests to one registry: the ping, the credentials for its origin (Basic or
 * a Bearer token renewed once on 401), retries by the transport's policy.
 */
class RegistryRequests {
    baseUrl;
    transport;
    auth;
    retry;
    logger;
    challenge;
    tokens;
    origin;
    /** The challenge taken as known instead of pinging, until an answer contradicts it. */
    assumed;
    constructor(baseUrl, transport, auth, retry, tokens, logger, knownChallenge) {
        this.baseUrl = baseUrl;
        this.transport = transport;
        this.auth = auth;
        this.retry = retry;
        this.logger = logger;
        this.origin = baseUrl.origin;
        this.tokens = tokens(transport);
        if (knownChallenge)
            this.challenge = this.assumed = Promise.resolve(knownChallenge);
    }
    /** How the registry authenticates; asked once, again only after a failed ping. */
    ping() {
        this.challenge ??= ping(this.transport, this.baseUrl, this.retry).catch((error) => {
            this.challenge = undefined;
            throw error;
        });
        return this.challenge;
    }
    /**
     * An unauthenticated `GET /v2/` for its connection alone, which stays open for the requests
     * after it. It fails for nobody: a registry that does not answer it is the real requests' to
     * report.
     */
    async warmUp(signal) {
        const url = new URL('/v2/', this.baseUrl);
        try {
            const response = await this.transport.send({
                method: 'GET',
                url,
                context: { phase: 'ping' },
                signal
            });
            await response.discard();
        }
        catch (error) {
            // Cut because the sign-in is through: nothing to tell.
            if (!signal.aborted) {
                this.logger?.debug(`Opening a connection to ${this.origin}: ${describe(error)}`);
            }
        }
    }
    /**
     * How the registry authenticates and, for Bearer, a token for `scopes` (kept for the requests
     * that need it): the pre-flight that proves the credentials.
     */
    async signIn(scopes) {
        const current = this.ping();
        const challenge = await current;
        if (challenge?.scheme !== 'bearer')
            return challenge ? { challenge } : {};
        try {
            return { challenge, token: await this.tokens.token(challenge, scopes) };
        }
        catch (error) {
            if (await this.assumedRealmRefused(current, error))
                return this.signIn(scopes);
            throw error;
        }
    }
    /** One request, authenticated for `scopes`, retried on network errors, 5xx and 429. */
    send(spec) {
        const attempt = () => this.attempt(spec);
        if (spec.retry === false)
            return attempt();
        return retryTransient(attempt, {
            ...this.retry,
            onRetry: (error, attempt, delayMs) => this.logger?.info(`${spec.what}: ${describe(error)}; retrying in ${delayMs} ms (attempt ${attempt + 1})`)
        });
    }
    /** Throws a `RegistryResponseError` unless the answer is one of `ok`; drains it otherwise. */
    async expect(response, ok, spec, keepBody = false) {
        if (ok.includes(response.status)) {
            if (!keepBody)
                await response.discard();
            return;
        }
        throw new RegistryResponseError(requestFacts(spec.method, response.url, spec.context), {
            status: response.status,
            body: await response.text(SMALL_BODY_LIMIT)
        });
    }
    /** The answer's `Location` (or `fallback`), absolute. */
    location(response, spec, fallback) {
        const header = response.header('location');
        const facts = requestFacts(spec.method, response.url, spec.context);
        if (header)
            return resolveLocation(header, response.url, facts);
        if (fallback)
            return fallback;
        throw new RegistryProtocolError(spec.context, `${facts.method} ${facts.url}: HTTP ${response.status} without a Location`);
    }
    async attempt(spec) {
        const current = this.ping();
        const challenge = await current;
        let response;
        try {
            response = await this.authenticated(spec, challenge, spec.scopes, false);
        }
        catch (error) {
            // The token is asked for before the request's first byte: nothing of its body went out.
            if (await this.assumedRealmRefused(current, error))
                return this.attempt(spec);
            throw error;
        }
        if (response.status === 401 && current === this.assumed) {
            // The registry authenticates otherwise than assumed: from now on as its answer says.
            const actual = preferredChallenge(response.header('www-authenticate') ?? '');
            if (actual && !sameChallenge(actual, challenge)) {
                await response.discard();
                if (this.challenge === current)
                    this.challenge = Promise.resolve(actual);
                // A spent upload body is not sent again: the upload resumes, authenticated anew.
                if (spec.retry === false) {
                    throw new ExpiredTokenError(requestFacts(spec.method, response.url, spec.context));
                }
                return this.attempt(spec);
            }
        }
        if (response.status === 401 && challenge?.scheme === 'bearer' && this.auth) {
            // A token can expire or lack a scope the registry wants: renew it once, never more.
            await response.discard();
            const extra = parseWwwAuthenticate(response.header('www-authenticate') ?? '').find(c => c.scheme === 'bearer')?.params.scope;
            const scopes = extra ? [...new Set([...spec.scopes, ...extra.split(' ')])] : spec.scopes;
            if (spec.retry === false) {
                // An upload request's body stream is spent: the upload resumes from what the
                // registry kept, and its next request fetches the new token.
                this.tokens.forget(spec.scopes);
                throw new ExpiredTokenError(requestFacts(spec.method, response.url, spec.context));
            }
            response = await this.authenticated(spec, challenge, scopes, true);
        }
        if (spec.readLimit === undefined || response.status !== 200)
            return response;
        return buffered(response, await response.read(spec.readLimit));
    }
    /**
     * Whether the assumed challenge is wrong: its realm answered `error` (no token), and the
     * registry, asked now (once, however many requests fail alike), names another challenge,
     * which replaces it. A failing ping throws its own error; when the registry names that same
     * realm, `error` stands.
     */
    async assumedRealmRefused(current, error) {
        if (current !== this.assumed || !this.tokens.refusedByRealm(error))
            return false;
        if (this.challenge === current)
            this.challenge = undefined;
        const actual = await this.ping();
        return !sameChallenge(actual, await current);
    }
    authenticated(spec, challenge, scopes, renew) {
        const auth = this.auth;
        const authorization = () => {
            if (!auth)
                return undefined;
            if (challenge?.scheme === 'bearer') {
                return this.tokens.token(challenge, scopes, renew).then(token => `Bearer ${token}`);
            }
            // A token source speaks only Bearer: a Basic registry gets no credentials from it.
            return challenge?.scheme === 'basic' && typeof auth !== 'function'
                ? basicAuthorization(auth)
                : undefined;
        };
        return this.transport.send({
            method: spec.method,
            url: new URL(spec.url, this.baseUrl),
            headers: spec.headers,
            body: spec.body?.(),
            context: spec.context,
            authorization: forOrigin(this.origin, authorization)
        });
    }
}
function sameChallenge(a, b) {
    return (a?.scheme === b?.scheme &&
        a?.params.realm === b?.params.realm &&
        a?.params.service === b?.params.service);
}
function describe(error) {
    if (error instanceof RegistryResponseError)
        return `HTTP ${error.status}`;
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/registry/transport/bearer.ts




/** Renew this long before the registry's expiry, so a token never expires between lookup and use. */
const RENEW_EARLY_MS = 10_000;
/**
 * Bearer tokens by scope set, fetched from the realm the registry's challenge names. The
 * credentials (Basic) go to that realm's origin only; a token source's requests (signed ones)
 * likewise, through the same transport.
 */
class BearerTokens {
    transport;
    registry;
    auth;
    clock;
    retry;
    logger;
    onSecret;
    tokens = new Map();
    /** Failures of token requests that the realm answered, with no token. */
    refusals = new WeakSet();
    constructor(transport, 
    /** The registry's base URL: an HTTPS registry's realm must be HTTPS too. */
    registry, auth, clock, retry, logger, onSecret) {
        this.transport = transport;
        this.registry = registry;
        this.auth = auth;
        this.clock = clock;
        this.retry = retry;
        this.logger = logger;
        this.onSecret = onSecret;
    }
    /** A token for `scopes`: cached unless expired or `renew`. */
    token(challenge, scopes, renew = false) {
        // A pull,push token serves pulls from the same repository too: no second token request.
        const widened = scopeKey(scopes.map(scope => scope.replace(/:pull$/, ':pull,push')));
        const key = !renew && !this.tokens.has(scopeKey(scopes)) && this.tokens.has(widened)
            ? widened
            : scopeKey(scopes);
        const cached = this.tokens.get(key);
        if (cached && !renew) {
            return cached.then(token => token.expiresAt > this.clock.now() ? token.value : this.token(challenge, scopes, true));
        }
        const pending = this.fetch(challenge, scopes);
        this.tokens.set(key, pending);
        pending.catch(() => this.tokens.delete(key));
        return pending.then(token => token.value);
    }
    /**
     * Whether `error` ended a token request the realm answered (a refusal, or an answer that is
     * no token endpoint's), rather than one that got no answer (network, 5xx, abort).
     */
    refusedByRealm(error) {
        return typeof error === 'object' && error !== null && this.refusals.has(error);
    }
    /** Drops the token of `scopes`: the next request for them fetches a new one. */
    forget(scopes) {
        this.tokens.delete(scopeKey(scopes));
    }
    async fetch(challenge, scopes) {
        const realm = challenge.params.realm;
        if (!realm) {
            throw new RegistryProtocolError({ phase: 'token' }, "Signing in: the registry's Bearer challenge names no realm");
        }
        const url = new URL(realm);
        // Only a registry that is itself plain http (loopback) may name a plain-http realm.
        const plainAllowed = this.registry.protocol === 'http:' && url.protocol === 'http:';
        if (url.protocol !== 'https:' && !plainAllowed)
            throw new InsecureRealmError(url);
        const service = challenge.params.service ?? '';
        const auth = this.auth;
        const answer = await retryTransient(async () => {
            this.logger?.debug(`token for ${scopes.join(' ')}`);
            let answered = false;
            const onAnswer = async (response) => {
                answered = true;
                // The credentials go to the realm's origin only: an answer from elsewhere is not to them.
                if (response.url.origin === url.origin)
                    return;
                await response.discard();
                throw new RealmRedirectError(url, response.url);
            };
            try {
                if (typeof auth === 'function') {
                    return await auth({ realm, service, scopes, send: this.realmSend(url.origin, onAnswer) });
                }
                const request = new URL(url);
                if (service)
                    request.searchParams.set('service', service);
                for (const scope of scopes)
                    request.searchParams.append('scope', scope);
                const response = await this.transport.send({
                    method: 'GET',
                    url: request,
                    context: { phase: 'token' },
                    authorization: forOrigin(request.origin, () => auth ? basicAuthorization(auth) : undefined)
                });
                await onAnswer(response);
                const text = await response.text();
                if (response.status !== 200) {
                    throw new RegistryResponseError(requestFacts('GET', request, { phase: 'token' }), {
                        status: response.status,
                        body: text
                    });
                }
                return readTokenAnswer(text);
            }
            catch (error) {
                const refused = answered && !classifyFailure(error).retry;
                if (refused && typeof error === 'object' && error !== null)
                    this.refusals.add(error);
                throw error;
            }
        }, this.retry);
        // Masked before anything can print it: a registry may echo it in an error body.
        this.onSecret?.(answer.token);
        const lifetimeMs = Math.max(0, answer.expiresInSeconds * 1000 - RENEW_EARLY_MS);
        return { value: answer.token, expiresAt: this.clock.now() + lifetimeMs };
    }
    /**
     * The transport, for requests to `origin` only. The Authorization a token source computed
     * (a signature) is given per URL, so a redirect elsewhere never carries it; `host` is the
     * URL's, set by the transport, so a redirect never carries a stale one. `onAnswer` sees each
     * answer first: one from another origin is refused.
     */
    realmSend(origin, onAnswer) {
        return async (request) => {
            if (request.url.origin !== origin) {
                throw new RegistryProtocolError({ phase: 'token' }, `Signing in: a token request to ${request.url.origin} is not to the realm the registry named (${origin})`);
            }
            const headers = {};
            let authorization;
            for (const [name, value] of Object.entries(request.headers)) {
                const lower = name.toLowerCase();
                if (lower === 'authorization')
                    authorization = value;
                else if (lower !== 'host')
                    headers[name] = value;
            }
            const response = await this.transport.send({
                method: request.method,
                url: request.url,
                headers,
                ...(request.body ? { body: request.body } : {}),
                context: { phase: 'token' },
                authorization: forOrigin(origin, () => authorization)
            });
            await onAnswer(response);
            const text = await response.text();
            return {
                status: response.status,
                headers: { get: name => response.header(name) ?? null },
                text: async () => text
            };
        };
    }
}
/** The token endpoint's answer; no token in it is a protocol error. */
function readTokenAnswer(body) {
    const answer = parseTokenAnswer(body);
    const token = answer.token ?? answer.access_token;
    if (!token) {
        throw new RegistryProtocolError({ phase: 'token' }, 'Signing in: the token endpoint returned no token');
    }
    return { token, expiresInSeconds: answer.expires_in ?? 60 };
}
function parseTokenAnswer(body) {
    try {
        return JSON.parse(body);
    }
    catch {
        return {};
    }
}
function scopeKey(scopes) {
    return [...scopes].sort().join(' ');
}

;// CONCATENATED MODULE: ./src/registry/client.ts







/**
 * The scheme given, else Docker's rule: loopback registries over plain HTTP, everything else
 * over HTTPS.
 */
function registryBaseUrl(registry, scheme) {
    const host = registry.startsWith('[')
        ? registry.slice(0, registry.indexOf(']') + 1)
        : registry.split(':')[0];
    const loopback = host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
    return `${scheme ?? (loopback ? 'http' : 'https')}://${registry}`;
}
/**
 * An OCI distribution client: authentication, manifests and blobs, with retries. Failures are
 * the typed errors of `./errors.js`; OCIR's wording is given above, by the engine.
 */
class RegistryClient {
    registry;
    baseUrl;
    monolithicLimit;
    chunkSize;
    requests;
    blobs;
    manifests;
    clock;
    connectionsAhead;
    constructor(options) {
        this.registry = options.registry;
        this.baseUrl = registryBaseUrl(options.registry, options.scheme);
        this.monolithicLimit = options.monolithicLimit ?? 8 * 1024 * 1024;
        this.chunkSize = options.chunkSize ?? 16 * 1024 * 1024;
        this.connectionsAhead = options.connectionsAhead ?? this.baseUrl.startsWith('https:');
        // Each request in flight and each retry wait listens to the signal until it ends: a push
        // of many blobs has dozens at once, which Node would take for a leak and warn about.
        if (options.signal)
            (0,external_node_events_namespaceObject.setMaxListeners)(Infinity, options.signal);
        const transport = new HttpTransport({
            ...(options.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: options.stallTimeoutMs }),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.env ? { env: options.env } : {}),
            ...(options.logger ? { logger: options.logger } : {})
        });
        const clock = (this.clock = options.clock ?? systemClock);
        const retry = {
            policy: options.retry ?? DEFAULT_RETRY_POLICY,
            clock,
            ...(options.signal ? { signal: options.signal } : {})
        };
        const auth = options.tokenSource ?? options.credentials;
        this.requests = new RegistryRequests(new URL(this.baseUrl), transport, auth, retry, http => new BearerTokens(http, new URL(this.baseUrl), auth, clock, retry, options.logger, value => options.onSecret?.(value)), options.logger, options.knownChallenge);
        this.blobs = new Blobs(this.requests, this, options.logger);
        this.manifests = new Manifests(this.requests, this.registry, options.logger);
    }
    /**
     * Learns how the registry authenticates and, for Bearer, gets the push token every later
     * request reuses: a wrong token or a missing push right fails here. Basic credentials are
     * proven by the first authenticated request instead, where a wrong token gets the same 401;
     * callers whose first requests are blob lookups therefore fail before any upload starts.
     * `connections`: how many requests the push sends at once next (known once its image is
     * open), for which connections are opened meanwhile.
     */
    async preparePush(repository, connections) {
        const started = this.clock.now();
        const signIn = this.requests.signIn([pushScope(repository)]);
        // An image that cannot be opened says so itself, to the caller.
        const count = Promise.resolve(connections ?? 0).catch(() => 0);
        if (connections === undefined || !this.connectionsAhead)
            return (await signIn).challenge;
        const warming = new AbortController();
        const warmUps = this.warmUp(count, warming.signal);
        try {
            const { challenge } = await signIn;
            // A warm-up is the sign-in's twin (a new connection, one small answer): one that takes
            // twice as long is not waited for; the request it was for opens a connection itself.
            await Promise.race([
                warmUps,
                this.clock.sleep(this.clock.now() - started, warming.signal).catch(() => undefined)
            ]);
            return challenge;
        }
        finally {
            warming.abort();
            await warmUps;
        }
    }
    /**
     * Opens connections for the `connections` requests the push sends at once after the sign-in,
     * while it is in flight, so that they find them open. The sign-in's own is one of them.
     */
    async warmUp(connections, signal) {
        const ahead = Math.max(0, (await connections) - 1);
        await Promise.all(Array.from({ length: ahead }, () => this.requests.warmUp(signal)));
    }
    /**
     * A Bearer token for `repositories` (pull,push each), or one that only signs in when there
     * are none: what `docker login` is given as the password of `BEARER_TOKEN`. Undefined when
     * the registry does not ask for Bearer tokens.
     */
    async loginToken(repositories = []) {
        return (await this.requests.signIn(repositories.map(pushScope))).token;
    }
    /**
     * Checks the credentials can push to `repository` before anything is uploaded: a token
     * request with pull,push scope (Bearer) or an authenticated `/v2/` (Basic).
     */
    async checkPushAccess(repository) {
        const challenge = await this.preparePush(repository);
        if (challenge?.scheme !== 'basic')
            return;
        const spec = {
            method: 'GET',
            url: '/v2/',
            scopes: [],
            what: 'Signing in',
            context: { phase: 'login', repository }
        };
        const response = await this.requests.send(spec);
        await this.requests.expect(response, [200], spec);
    }
    headManifest(repository, reference) {
        return this.manifests.head(repository, reference);
    }
    getManifest(repository, reference) {
        return this.manifests.get(repository, reference);
    }
    /** PUTs the manifest's exact bytes under `reference`; the digest, once the registry confirms it. */
    putManifest(repository, reference, manifest) {
        return this.manifests.put(repository, reference, manifest);
    }
    hasBlob(repository, digest) {
        return this.blobs.has(repository, digest);
    }
    /** Reads a blob (an image config) whole, verifying its digest. */
    getBlob(repository, digest) {
        return this.blobs.get(repository, digest);
    }
    /**
     * Makes the blob exist in `repository`: nothing if it already does, a cross-repository
     * mount when `mountFrom` holds it, an upload otherwise (its bytes told to `progress`).
     */
    pushBlob(repository, blob, options) {
        return this.blobs.push(repository, blob, options);
    }
    /**
     * Resolves once the upload sessions `pushBlob` opened for blobs already there are cancelled:
     * a push awaits it at its end, so that nothing it started outlives it.
     */
    settled() {
        return this.blobs.settled();
    }
}

;// CONCATENATED MODULE: external "node:util/types"
const types_namespaceObject = require("node:util/types");
;// CONCATENATED MODULE: ./src/engine/partial-push.ts

/** Some tags exist, one or more failed: the caller must report both. */
class PartialPushError extends errors/* RegistryError */.gl {
    digest;
    pushed;
    failure;
    constructor(digest, 
    /** Full references that exist at `digest`. */
    pushed, failure) {
        super(`${failure.message} (pushed so far: ${pushed.length ? pushed.join(', ') : 'none'})`, {
            fix: failure.fix,
            detail: failure.detail,
            input: failure.input,
            status: failure.status,
            code: failure.code,
            cause: failure
        });
        this.digest = digest;
        this.pushed = pushed;
        this.failure = failure;
    }
}

// EXTERNAL MODULE: ./src/sources/oci-layout.ts
var oci_layout = __nccwpck_require__(354);
;// CONCATENATED MODULE: ./src/sources/open.ts

/**
 * Reads an image source that needs no Docker engine into the image model the registry pushes.
 * `scratch`: a private directory for what a source must write (the gzipped layers of a
 * `docker save` tarball), removed by the caller once the push is over.
 */
async function openImageSource(source, scratch) {
    if (source.kind === 'oci')
        return (0,oci_layout/* readOciLayoutDirectory */.ny)(source.path, source.tag);
    // The tarball's reader (tar, gzip) is loaded only for one: it is in the bundle, unevaluated.
    const { readDockerArchive } = await Promise.resolve(/* import() eager */).then(__nccwpck_require__.bind(__nccwpck_require__, 100));
    return readDockerArchive(source.path, scratch);
}

// EXTERNAL MODULE: ./src/image/content.ts
var content = __nccwpck_require__(524);
// EXTERNAL MODULE: ./src/common/limiter.ts
var limiter = __nccwpck_require__(117);
// EXTERNAL MODULE: ./src/sources/path.ts
var path = __nccwpck_require__(955);
;// CONCATENATED MODULE: ./src/engine/progress.ts

/** No status before this: a push that ends within a few seconds prints none. */
const FIRST_STATUS_AFTER_MS = 3_000;
/** The rate is that of about this last stretch, so it follows a link that slows down or recovers. */
const RATE_WINDOW_MS = 20_000;
/** `sha256:` and the first 12 hex digits, as Docker shortens IDs. */
function shortDigest(digest) {
    return digest.slice(0, digest.indexOf(':') + 13);
}
/**
 * The progress of one push's blobs, as the lines to print; time comes from `clock`. An
 * uploading blob counts as far as its upload got in any attempt (its furthest offset), so the
 * bytes a resumed upload sends again are not counted twice. A blob that was already in the
 * registry, or was mounted, counts whole at once, and not toward the rate.
 */
class PushProgress {
    clock;
    sizes = new Map();
    total;
    reached = new Map();
    started;
    finishedBlobs = 0;
    /** Bytes sent: the sum of the uploads' furthest offsets. */
    sent = 0;
    /** Bytes of blobs the registry had. */
    skipped = 0;
    samples;
    constructor(blobs, clock) {
        this.clock = clock;
        for (const blob of blobs)
            this.sizes.set(blob.digest, blob.size);
        this.total = [...this.sizes.values()].reduce((sum, size) => sum + size, 0);
        this.started = clock.now();
        this.samples = [{ at: this.started, sent: 0 }];
    }
    /** Every blob is in the registry. */
    get done() {
        return this.finishedBlobs === this.sizes.size;
    }
    /** The blob's upload starts: its line. */
    uploading(blob) {
        return `Uploading ${shortDigest(blob.digest)} (${(0,common_text/* formatSize */.Xq)(blob.size)})`;
    }
    /** The upload of `digest` has sent up to `offset` (in its current attempt). */
    advance(digest, offset) {
        const before = this.reached.get(digest) ?? 0;
        const after = Math.min(offset, this.sizes.get(digest) ?? 0);
        if (after <= before)
            return;
        this.reached.set(digest, after);
        this.sent += after - before;
    }
    /**
     * The blob is in the registry: the lines to print, its own when nothing was uploaded, and
     * the closing one when it was the last.
     */
    finished(blob, outcome) {
        const lines = [];
        if (outcome === 'uploaded') {
            this.advance(blob.digest, blob.size);
        }
        else {
            this.skipped += blob.size;
            const how = outcome === 'existed' ? 'already there' : 'mounted';
            lines.push(`${shortDigest(blob.digest)} (${(0,common_text/* formatSize */.Xq)(blob.size)}): ${how}`);
        }
        this.finishedBlobs++;
        if (this.done)
            lines.push(this.summary());
        return lines;
    }
    /**
     * The whole push so far: bytes, share, rate and time left. Undefined in its first seconds
     * and once every blob is done.
     */
    status() {
        const now = this.clock.now();
        if (this.done || now - this.started < FIRST_STATUS_AFTER_MS)
            return undefined;
        this.samples.push({ at: now, sent: this.sent });
        // The oldest sample kept is the last one at least a window old: the rate spans a window.
        while (this.samples.length > 2 && this.samples[1].at <= now - RATE_WINDOW_MS) {
            this.samples.shift();
        }
        const oldest = this.samples[0];
        const rate = ((this.sent - oldest.sent) / (now - oldest.at)) * 1000;
        const done = this.sent + this.skipped;
        const share = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
        const left = rate > 0
            ? `about ${(0,common_text/* formatDuration */.a3)(((this.total - done) / rate) * 1000)} left`
            : 'time left unknown';
        return `Pushing: ${(0,common_text/* formatSize */.Xq)(done)} of ${(0,common_text/* formatSize */.Xq)(this.total)} (${share}%), ${(0,common_text/* formatSize */.Xq)(rate)}/s, ${left}`;
    }
    summary() {
        const elapsed = this.clock.now() - this.started;
        const there = this.skipped > 0 ? `, ${(0,common_text/* formatSize */.Xq)(this.skipped)} already in the registry` : '';
        if (this.sent === 0)
            return `Uploads done: nothing to upload${there}`;
        const rate = elapsed > 0 ? (this.sent / elapsed) * 1000 : 0;
        return `Uploads done: ${(0,common_text/* formatSize */.Xq)(this.sent)} in ${(0,common_text/* formatDuration */.a3)(elapsed)} (${(0,common_text/* formatSize */.Xq)(rate)}/s)${there}`;
    }
}

;// CONCATENATED MODULE: ./src/engine/daemonless.ts















/**
 * Blob uploads in flight at once: enough to fill a link and to check every blob of a typical
 * image in one round, few enough not to trip rate limits.
 */
const UPLOAD_CONCURRENCY = 8;
/**
 * Pushes an image from an OCI layout or a `docker save` tarball (no Docker involved): blobs
 * in parallel, platform manifests by digest, then the image under every tag at once.
 */
async function pushImageFromSource(source, target, options = {}) {
    const [outcome] = await pushImageToTargets(source, [target], options);
    if (outcome.status === 'rejected')
        throw outcome.reason;
    return outcome.value;
}
/**
 * `pushImageFromSource` to several targets at once: the source is read (a tarball's layers
 * compressed) once, and every target gets its blobs in parallel, under one limit of uploads
 * in flight. A target that fails stops only its own uploads (its controller); the others go
 * on. Settles with each target's outcome, in the order given; throws only when the source
 * itself cannot be read.
 */
async function pushImageToTargets(source, targets, options = {}) {
    if (source.kind !== 'docker-archive' || !options.scratchParent) {
        return pushOpened(source, targets);
    }
    // Private (mkdtemp: 0700), and gone once the push is over, whatever its outcome.
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.scratchParent, 'ocir-push-layers-'));
    try {
        return await pushOpened(source, targets, scratch);
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    }
}
async function pushOpened(source, targets, scratch) {
    const { image, access } = await openAuthorised(source, targets, scratch);
    if (image)
        requireSha256Children(image);
    const upload = (0,limiter/* limiter */.T)(UPLOAD_CONCURRENCY);
    return Promise.allSettled(targets.map(async (target, index) => {
        const granted = access[index];
        if (granted.status === 'rejected')
            throw granted.reason;
        return pushImage(image, target, upload);
    }));
}
/** Pushes the opened image to one target, its uploads through the run's `upload` limit. */
async function pushImage(image, target, upload) {
    const { client, repository, controller } = target;
    const progress = target.progress && showProgress(image, target.progress, controller?.signal);
    const blobs = new Map();
    const pushBlob = (blob) => {
        if (!blobs.has(blob.digest)) {
            blobs.set(blob.digest, upload(async () => {
                // Queued uploads do not start once the push is cancelled or a sibling failed.
                controller?.signal.throwIfAborted();
                const outcome = await client.pushBlob(repository, blob, {
                    ...(progress ? { progress: progress.of(blob) } : {})
                });
                progress?.finished(blob, outcome);
            }).catch(abortSiblings(controller)));
        }
        return blobs.get(blob.digest);
    };
    const pushContent = async (node) => {
        await Promise.all([...node.blobs.map(pushBlob), ...node.children.map(pushChild)]);
    };
    const pushChild = async (node) => {
        await pushContent(node);
        await client.putManifest(repository, node.digest, node);
    };
    try {
        try {
            await pushContent(image);
        }
        finally {
            progress?.stop();
        }
        controller?.signal.throwIfAborted();
        // No tags: the image by digest alone, for a later merge into an index (matrix builds).
        if (target.tags.length === 0)
            await client.putManifest(repository, image.digest, image);
        else
            await putTags(client, repository, image, target.tags);
    }
    finally {
        // Unused upload sessions are cancelled while the manifests go up.
        await client.settled();
    }
    return {
        digest: image.digest,
        pushed: target.tags.map(tag => reference(client, repository, tag)),
        platforms: (0,content/* platformsOf */.Wt)(image),
        size: (0,content/* sizeOf */.$d)(image)
    };
}
/** Monotonic: a rate is not thrown off by the wall clock being set. */
const monotonicClock = { now: () => performance.now() };
/**
 * The progress of the image's blobs through `sink`: their lines as they come, and a status
 * each interval until every blob is in the registry, the push fails or `signal` aborts. The
 * timer is unref'd: the uploads are what keeps the process running.
 */
function showProgress(image, sink, signal) {
    const progress = new PushProgress(blobsOf(image), monotonicClock);
    const timer = setInterval(() => {
        const status = progress.status();
        if (status)
            sink.status(status);
    }, sink.statusIntervalMs).unref();
    const stop = () => {
        clearInterval(timer);
        signal?.removeEventListener('abort', stop);
    };
    signal?.addEventListener('abort', stop, { once: true });
    return {
        of: blob => ({
            uploading: () => sink.line(progress.uploading(blob)),
            sent: offset => progress.advance(blob.digest, offset)
        }),
        finished: (blob, outcome) => {
            for (const line of progress.finished(blob, outcome))
                sink.line(line);
            if (progress.done)
                stop();
        },
        stop
    };
}
/** Every blob of the image once, whatever number of its platforms share it. */
function blobsOf(node, found = new Map()) {
    for (const blob of node.blobs)
        found.set(blob.digest, blob);
    for (const child of node.children)
        blobsOf(child, found);
    return [...found.values()];
}
/**
 * The most requests a push of `image` to one target sends at once: a lookup and an upload
 * session per blob, for as many blobs as upload together, or a PUT per tag.
 */
function requestsAtOnce(image, tags) {
    const blobs = Math.min(blobsOf(image).length, UPLOAD_CONCURRENCY);
    return Math.min(Math.max(2 * blobs, tags.length), 2 * UPLOAD_CONCURRENCY);
}
/**
 * Registries address manifests by sha256 alone (a PUT by a sha512 digest is refused), so an
 * index whose platform manifests are named by sha512 could not be resolved once pushed. The
 * image itself may be: tags name it, and the push reports the sha256 the registry confirms.
 */
function requireSha256Children(node) {
    for (const child of node.children) {
        if (child.sourceDigest && child.sourceDigest !== child.digest) {
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.Image, `the image's index names platform manifest ${child.sourceDigest}; registries address manifests by sha256 only`, {
                fix: 'Export the image with sha256 digests, the default of docker, buildx, skopeo and crane.'
            });
        }
        requireSha256Children(child);
    }
}
/**
 * Opens the source once it is known to be there (a missing path is the user's typo, whatever the
 * network would say) and each target's credentials are checked, so a wrong token fails in
 * seconds and before anything is uploaded; `access` says, per target, whether they work. A
 * docker archive's layers are compressed while opening it: the credentials are checked first,
 * and nothing is compressed when no target takes them. An OCI layout opens in milliseconds,
 * alongside the registries' challenges (and the Bearer push tokens), which then open the
 * connections its first requests need; Basic credentials are then proven by the blob lookups,
 * which all come before any upload.
 */
async function openAuthorised(source, targets, scratch) {
    await (0,path/* requireSourcePath */.M)(source.kind, source.path);
    if (source.kind === 'oci') {
        const opening = openImageSource(source);
        const [image, access] = await Promise.all([
            opening,
            Promise.allSettled(targets.map(({ client, repository, tags }) => client.preparePush(repository, opening.then(image => requestsAtOnce(image, tags)))))
        ]);
        return { image, access };
    }
    const access = await Promise.allSettled(targets.map(({ client, repository }) => client.checkPushAccess(repository)));
    if (access.every(outcome => outcome.status === 'rejected'))
        return { access };
    return { image: await openImageSource(source, scratch), access };
}
/**
 * Gives an image already in the registry (by digest or tag) every tag in `tags`: one manifest
 * PUT of the same bytes per tag, all at once, each confirmed to resolve to the one digest.
 * Returns the manifest, whose digest and size the caller reports.
 */
async function fanOutTags(client, repository, digestOrTag, tags) {
    const manifest = await client.getManifest(repository, digestOrTag);
    await putTags(client, repository, manifest, tags);
    return manifest;
}
/** Bytes of config and layers of an image manifest; undefined for an index. */
function manifestSize(manifest) {
    if ((0,media_types/* isIndexMediaType */.$$)(manifest.mediaType))
        return undefined;
    const document = JSON.parse(manifest.bytes.toString('utf8'));
    return [document.config, ...document.layers].reduce((total, blob) => total + blob.size, 0);
}
/**
 * Joins per-platform images pushed by digest (one per matrix job) into one index under
 * `tags`: an OCI index, or a Docker manifest list when every child is a Docker manifest.
 */
async function mergeIndex(client, repository, digests, tags) {
    if (digests.length === 0) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.MergeDigests, 'no digests to merge into an index', {
            fix: 'Pass the digests the per-platform jobs pushed, one per line.'
        });
    }
    await client.checkPushAccess(repository);
    const children = (await Promise.all(digests.map(digest => describeChildren(client, repository, digest)))).flat();
    const unique = [...new Map(children.map(child => [child.digest, child])).values()];
    const docker = unique.every(child => child.mediaType === media_types/* MediaTypes */.mI.DockerManifest);
    const mediaType = docker ? media_types/* MediaTypes */.mI.DockerManifestList : media_types/* MediaTypes */.mI.OciIndex;
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests: unique }));
    const digest = await putTags(client, repository, { mediaType, bytes }, tags);
    return {
        digest,
        pushed: tags.map(tag => reference(client, repository, tag)),
        platforms: unique.flatMap(child => (child.platform ? [(0,media_types/* formatPlatform */.Bq)(child.platform)] : []))
    };
}
/** The descriptors an index needs for `digest`: itself with its platform, or an index's children. */
async function describeChildren(client, repository, digest) {
    const manifest = await client.getManifest(repository, digest).catch((error) => {
        if (!(error instanceof RegistryResponseError && error.status === 404))
            throw error;
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.MergeDigests, `digest ${digest} is not in ${client.registry}/${repository}: was it pushed by the platform job to the same repository?`, {
            fix: 'Give every platform job and the merge job the same registry, namespace and repository, and pass the digest output of each platform job.',
            detail: error.body,
            cause: error
        });
    });
    const document = JSON.parse(manifest.bytes.toString('utf8'));
    if ((0,media_types/* isIndexMediaType */.$$)(manifest.mediaType))
        return document.manifests ?? [];
    const config = JSON.parse((await client.getBlob(repository, document.config.digest)).toString('utf8'));
    const platform = { architecture: config.architecture, os: config.os };
    if (config.variant)
        platform.variant = config.variant;
    if (config['os.version'])
        platform['os.version'] = config['os.version'];
    return [{ mediaType: manifest.mediaType, digest, size: manifest.bytes.length, platform }];
}
/**
 * PUTs the same bytes under every tag in parallel; each PUT is confirmed by the digest the
 * registry reports for it (see `putManifest`), so all tags are known to resolve to one digest.
 * A tag that fails leaves the others going: each is one short request, and every tag that
 * lands is one the report can name as pushed. The run's signal still stops them all.
 */
async function putTags(client, repository, manifest, tags) {
    const results = await Promise.allSettled(tags.map(tag => client.putManifest(repository, tag, manifest)));
    const digest = (0,image_digest/* sha256Digest */.sI)(manifest.bytes);
    const pushed = tags.filter((_, i) => results[i].status === 'fulfilled');
    const failure = results.find(result => result.status === 'rejected');
    if (failure) {
        throw new PartialPushError(digest, pushed.map(tag => reference(client, repository, tag)), asRegistryError(failure.reason));
    }
    return digest;
}
/**
 * Rethrows a failure of one part of a push after aborting `controller`: the client gives up
 * its retries of the siblings, and what did succeed is still reported.
 */
function abortSiblings(controller) {
    return error => {
        controller?.abort(error);
        throw error;
    };
}
function asRegistryError(error) {
    if (error instanceof errors/* RegistryError */.gl)
        return error;
    return new errors/* RegistryError */.gl((0,types_namespaceObject.isNativeError)(error) ? error.message : String(error), {
        fix: 'Run the push again.',
        cause: error
    });
}
function reference(client, repository, tag) {
    return `${client.registry}/${repository}:${tag}`;
}

;// CONCATENATED MODULE: ./src/engine/docker-engine.ts
// Pushes of an image in the local Docker engine: `docker push` once per target and a manifest
// PUT per further tag, or, by digest, a `docker save` export pushed as a docker-archive source.







/**
 * Pushes the image under every tag of each target: it is looked up once, while each target
 * proves its credentials (the pre-flight) and tags and pushes it (`docker push` of the first
 * tag, one manifest PUT per further tag). Settles with each target's outcome, in order. A
 * missing image fails them all, and the lookup says why, unless every target's credentials
 * were refused: then each target's refusal is reported. The lookup and the pre-flights always
 * both finish, so which is reported never depends on which answered first.
 */
async function pushFromDockerEngine(source, targets, deps) {
    // Nothing proved the credentials yet (they were written, not tried by `docker login`): the
    // pre-flight does (with a Bearer registry, it gets the push token the fan-out reuses). It
    // runs while Docker works, since Docker stops at its first upload request without that
    // right anyway; a refusal stops that target's `docker push` at once rather than letting
    // Docker retry it for a minute, and is its failure reported.
    const access = targets.map(({ client, plan, controller }) => client.checkPushAccess(plan.repositoryPath).then(() => undefined, (error) => {
        controller.abort(error);
        return { error };
    }));
    const found = requireLocalImage(deps.docker, source.reference, deps.signal).then(image => ({ image }), async (error) => {
        const refused = (await Promise.all(access)).every(Boolean);
        for (const target of targets)
            target.controller.abort(error);
        return { error, refused };
    });
    const pushes = Promise.allSettled(targets.map((target, index) => pushTagged(source, target, access[index], deps)));
    // Each settles (a failure aborts what depends on it): nothing is left running on a throw.
    const [image, outcomes] = await Promise.all([found, pushes]);
    if ('error' in image) {
        if (image.refused)
            return outcomes;
        throw image.error;
    }
    return outcomes.map(outcome => outcome.status === 'fulfilled'
        ? { ...outcome, value: { ...outcome.value, platforms: [image.image.platform] } }
        : outcome);
}
async function pushTagged(source, target, access, deps) {
    const { plan, client, controller, logger } = target;
    const { docker } = deps;
    const signal = controller.signal;
    // Docker pushes the image once; every further tag is one manifest PUT of the same bytes.
    const [first, ...others] = plan.references;
    if (!first)
        throw new Error('push needs a plan with at least one tag');
    const pushed = docker
        .tag(source.reference, first, signal)
        .then(() => logger.group(`docker push ${first}`, () => dockerPush(docker, first, signal, target.progress)))
        .then(digest => ({ digest }), (error) => ({ error }));
    const [denied, outcome] = await Promise.all([access, pushed]);
    if (denied)
        throw denied.error;
    if ('error' in outcome)
        throw outcome.error;
    const digest = outcome.digest;
    let manifest;
    if (others.length > 0) {
        manifest = await fanOutTags(client, plan.repositoryPath, digest, plan.tags.slice(1)).catch((error) => {
            // The first tag exists too: the report of what was pushed must say so.
            throw error instanceof PartialPushError
                ? new PartialPushError(error.digest, [first, ...error.pushed], error.failure)
                : error;
        });
        if (manifest.digest !== digest) {
            throw new errors/* RegistryError */.gl('the tags do not resolve to one digest', {
                fix: 'Another push changed these tags at the same time; run the push again',
                detail: `${first} → ${digest}, the other tags → ${manifest.digest}`
            });
        }
    }
    // Only for the report: from the manifest the fan-out read, else read for it when the report
    // shows it; a push that worked does not fail for want of its size.
    const sized = manifest
        ? Promise.resolve(manifest)
        : deps.imageSize
            ? client.getManifest(plan.repositoryPath, digest)
            : undefined;
    const size = await sized?.then(manifestSize, (error) => {
        logger.debug(`Size of ${digest} unknown: ${error instanceof Error ? error.message : error}`);
        return undefined;
    });
    return { digest, pushed: plan.references, platforms: [], size };
}
/**
 * `docker push` with Docker's lines shown, and a status of its own after each interval in
 * which Docker said nothing: it is silent while one large layer goes up, and CI systems end a
 * silent step (CircleCI after 10 minutes).
 */
async function dockerPush(docker, reference, signal, sink) {
    if (!sink)
        return docker.push(reference, signal);
    const started = performance.now();
    let heard = started;
    const timer = setInterval(() => {
        const now = performance.now();
        if (now - heard < sink.statusIntervalMs)
            return;
        sink.status(`docker push ${reference}: still pushing after ${(0,common_text/* formatDuration */.a3)(now - started)}`);
    }, sink.statusIntervalMs).unref();
    try {
        return await docker.push(reference, signal, line => {
            heard = performance.now();
            sink.line(line);
        });
    }
    finally {
        clearInterval(timer);
    }
}
/**
 * Pushes an image of the Docker engine without a tag to each target. `docker push` needs one,
 * and a tag in the registry, even for a moment, is visible to everyone who lists or pulls the
 * repository (and OCIR does not reliably delete tags): the image is exported once with
 * `docker save` and goes up through the registry API, as a docker-archive source does.
 */
async function pushDockerImageByDigest(source, targets, deps) {
    await requireLocalImage(deps.docker, source.reference, deps.signal);
    // Before the export, which takes as long as the image is large.
    const access = await Promise.allSettled(targets.map(({ client, repository }) => client.checkPushAccess(repository)));
    const granted = targets.filter((_, index) => access[index].status === 'fulfilled');
    if (granted.length === 0)
        return access;
    const directory = await (0,promises_.mkdtemp)((0,external_node_path_.join)(deps.temporaryDirectory, 'ocir-push-save-'));
    // Also when cancelled: the signal stops `docker save` or the upload, and the push settles here.
    try {
        const archive = (0,external_node_path_.join)(directory, 'image.tar');
        deps.logger.info(`Exporting ${source.reference} with docker save`);
        await deps.docker.save(source.reference, archive, deps.signal);
        // Layers gzipped beside the export, and removed with it.
        const pushed = await pushImageToTargets({ kind: 'docker-archive', path: archive }, granted, {
            scratchParent: directory
        });
        return access.map(outcome => (outcome.status === 'rejected' ? outcome : pushed.shift()));
    }
    finally {
        await (0,promises_.rm)(directory, { recursive: true, force: true });
    }
}
async function requireLocalImage(docker, reference, signal) {
    const image = await docker.findImage(reference, signal);
    if (!image) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Image, `'${reference}' is not in the local Docker engine`, {
            fix: 'Build, pull or load the image in an earlier step, and name it exactly as `docker images` lists it'
        });
    }
    return image;
}

// EXTERNAL MODULE: ./src/docker/cli.ts
var cli = __nccwpck_require__(670);
;// CONCATENATED MODULE: ./src/engine/diagnosis.ts




/**
 * The one place where a failure of an effect (a docker command, a registry request) gets
 * OCIR's wording: the typed error below becomes the message, the input at fault and the fix.
 */
/** What the diagnosis may show about a run: never the token itself, which it redacts. */
function failureContext(plan, credentials) {
    return {
        host: plan.registry,
        username: credentials.username,
        namespace: plan.namespace,
        ...(plan.repository ? { repository: plan.repository } : {}),
        ...(plan.hostInput ? { hostInput: plan.hostInput } : {}),
        secrets: [credentials.token]
    };
}
/**
 * What a failure means for the user: a registry request's typed error or a failed docker
 * command becomes the diagnosed `OcirPushError`; anything else (already diagnosed, an abort)
 * is returned as it is. OCI's own failures (`src/oci/errors.ts`: clock skew with the skew,
 * NotAuthorizedOrNotFound with the policy statement, the key's checks) are typed by cause and
 * carry their fix and input from where they are thrown, so they pass unchanged.
 */
function explainFailure(error, context) {
    if (error instanceof cli/* DockerCommandError */.Y)
        return diagnosis(error, context);
    if (error instanceof RegistryRequestError)
        return explainRequest(error, context);
    // Tags that were pushed before one failed: the report keeps them, the failure gets its words.
    if (error instanceof PartialPushError && error.failure.cause instanceof RegistryRequestError) {
        const failure = explainRequest(error.failure.cause, context);
        return new PartialPushError(error.digest, error.pushed, failure);
    }
    return error;
}
function explainRequest(error, context) {
    const facts = {
        ...context,
        ...repositoryOf(error.repository),
        attempts: error.attempts
    };
    if (error instanceof RegistryResponseError) {
        return diagnoseRegistryFailure({
            ...facts,
            phase: error.phase,
            status: error.status,
            message: error.body
        });
    }
    const { host, ...rest } = facts;
    return diagnoseNetworkError(error, host, rest, {
        ...(error instanceof RegistryNetworkError && error.code ? { code: error.code } : {}),
        ...(error instanceof UntrustedCertificateError
            ? {
                code: error.code,
                certificate: { host: error.host, problem: error.problem, code: error.code }
            }
            : {}),
        stalled: error instanceof StalledRequestError
    });
}
/** A request's `<namespace>/<repo>` path, as the diagnosis names it. */
function repositoryOf(path) {
    if (!path)
        return {};
    const [namespace, ...rest] = path.split('/');
    return rest.length > 0 ? { namespace, repository: rest.join('/') } : { repository: path };
}
/** Runs docker commands or registry requests, explaining a failure (see `explainFailure`). */
async function diagnosed(context, operation) {
    try {
        return await operation();
    }
    catch (error) {
        throw explainFailure(error, context);
    }
}
function diagnosis(error, context) {
    return diagnoseDockerFailure({
        ...context,
        command: error.command,
        stderr: error.stderr,
        reason: error.reason,
        ...(error.dockerHost ? { dockerHost: error.dockerHost } : {}),
        ...(error.exitCode === undefined ? {} : { exitCode: error.exitCode }),
        ...(error.spawnErrorCode ? { spawnErrorCode: error.spawnErrorCode } : {})
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
;// CONCATENATED MODULE: ./src/oci/signer.ts
// OCI request signing: draft-cavage HTTP signatures, version 1, rsa-sha256, as Oracle documents
// it and as its SDKs do it (oci-common's DefaultRequestSigner is the reference in the tests:
// same request, date and key give the same Authorization header, byte for byte).

/**
 * The signed headers in oci-common's order and spelling. The body headers keep its capitals:
 * they are lower-cased for the signing string but appear as written in `headers="…"`.
 */
const SIGNED_HEADERS = ['x-date', '(request-target)', 'host'];
const SIGNED_BODY_HEADERS = ['Content-Type', 'Content-Length', 'x-content-sha256'];
/** Methods whose body is signed; an absent body is signed as empty. */
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const DEFAULT_CONTENT_TYPE = 'application/json';
/** The keyId of an API signing key. */
function apiKeyId(key) {
    return `${key.tenancyOcid}/${key.userOcid}/${key.fingerprint}`;
}
/** The keyId of a session token (security token) signing with its session key. */
function sessionTokenKeyId(token) {
    return `ST$${token}`;
}
function createRequestSigner(credentials) {
    return request => {
        const method = request.method.toUpperCase();
        const signed = {
            'x-date': (request.now ?? new Date()).toUTCString(),
            host: request.url.host
        };
        // The request target as sent on the wire: WHATWG URL's percent-encoded path and query.
        const requestTarget = `${method.toLowerCase()} ${request.url.pathname}${request.url.search}`;
        const headerNames = [...SIGNED_HEADERS];
        if (METHODS_WITH_BODY.has(method)) {
            const body = request.body ?? new Uint8Array();
            signed['content-type'] = headerValue(request.headers, 'content-type') ?? DEFAULT_CONTENT_TYPE;
            signed['content-length'] = String(body.byteLength);
            signed['x-content-sha256'] = (0,external_node_crypto_.createHash)('sha256').update(body).digest('base64');
            headerNames.push(...SIGNED_BODY_HEADERS);
        }
        const signingString = headerNames
            .map(name => name.toLowerCase())
            .map(name => name === '(request-target)' ? `${name}: ${requestTarget}` : `${name}: ${signed[name]}`)
            .join('\n');
        const signature = (0,external_node_crypto_.sign)('sha256', Buffer.from(signingString), credentials.privateKey).toString('base64');
        const authorization = `Signature version="1",keyId="${credentials.keyId}",algorithm="rsa-sha256",` +
            `headers="${headerNames.join(' ')}",signature="${signature}"`;
        return { ...signed, authorization };
    };
}
function headerValue(headers, name) {
    const key = Object.keys(headers ?? {}).find(candidate => candidate.toLowerCase() === name);
    return key === undefined ? undefined : headers?.[key];
}

;// CONCATENATED MODULE: ./src/oci/errors.ts

/** A failure of signing in to OCI (an API key, an OIDC token) or of a call to OCI's own APIs. */
class OciError extends errors/* OcirPushError */.oW {
    /** The setting whose value is at fault, when one is. */
    setting;
    constructor(message, details) {
        super(message, { ...details, input: details.setting });
        this.setting = details.setting;
    }
}
/** A request to OCI failed; the subclasses are the causes. */
class OciRequestError extends OciError {
    method;
    url;
    constructor(request, message, details) {
        super(message, details);
        this.method = request.method;
        this.url = request.url;
    }
}
/** The request never got an answer: connection refused or reset, DNS, TLS. */
class OciConnectionError extends OciRequestError {
    constructor(request, cause) {
        super(request, `${request.method} ${request.url} failed: ${errors_describeCause(cause)}`, {
            fix: 'Check that the endpoint is reachable from this machine (network, proxy, firewall, private endpoint).',
            cause
        });
    }
}
/** No complete answer within the time limit. */
class OciTimeoutError extends OciRequestError {
    timeoutMs;
    constructor(request, timeoutMs) {
        super(request, `${request.method} ${request.url} got no complete answer within ${timeoutMs} ms`, {
            fix: 'Retry; if it persists, check the network path to the endpoint.'
        });
        this.timeoutMs = timeoutMs;
    }
}
const ENDPOINT_FIX = 'Check that the endpoint (and OCIR_ARTIFACTS_ENDPOINT or OCIR_OBJECTSTORAGE_ENDPOINT, when set) is OCI.';
/** The answer's body is larger than any answer of these APIs can be. */
class OciResponseTooLargeError extends OciRequestError {
    limitBytes;
    constructor(request, limitBytes) {
        super(request, `${request.method} ${request.url} answered with more than ${limitBytes} bytes`, {
            fix: ENDPOINT_FIX
        });
        this.limitBytes = limitBytes;
    }
}
/** A successful status with a body that is not what the API documents. */
class OciUnexpectedResponseError extends OciRequestError {
    status;
    constructor(request, status, expected) {
        super(request, `${request.method} ${request.url} answered ${status} without ${expected}`, {
            fix: ENDPOINT_FIX
        });
        this.status = status;
    }
}
/** OCI answered with an error. The subclasses are the causes that have a fix of their own. */
class OciServiceError extends OciRequestError {
    status;
    code;
    opcRequestId;
    /** Everything known about the answer, for a caller that rethrows it as a more specific cause. */
    facts;
    constructor(facts, details = {
        fix: 'Retry; if it persists, quote the opc-request-id to Oracle support.'
    }) {
        super(facts, details.message ??
            `${facts.method} ${facts.url} failed: ${facts.status} ${facts.code}${requestIdSuffix(facts)}`, { fix: details.fix, setting: details.setting, detail: facts.serviceMessage || undefined });
        this.status = facts.status;
        this.code = facts.code;
        this.opcRequestId = facts.opcRequestId;
        this.facts = facts;
    }
}
/** 401 `NotAuthenticated`: OCI does not recognise the key or the signature. */
class OciNotAuthenticatedError extends OciServiceError {
    constructor(facts) {
        super(facts, {
            message: `OCI did not accept the API key signature for ${facts.method} ${facts.url} (401 NotAuthenticated${requestIdSuffix(facts)})`,
            fix: 'Check that tenancy-ocid and user-ocid are the OCIDs of the user who owns the key, that the public key is ' +
                'uploaded to that user (Profile → API keys), and that fingerprint is the one shown there for private-key.',
            setting: 'fingerprint'
        });
    }
}
/** 401 `NotAuthenticated` for a request signed with a session token (`auth: oidc`). */
class OciSessionNotAuthenticatedError extends OciServiceError {
    constructor(facts) {
        super(facts, {
            message: `OCI did not accept the session token signature for ${facts.method} ${facts.url} (401 NotAuthenticated${requestIdSuffix(facts)})`,
            fix: "The identity domain's session token is not valid here: check that the user or service user the " +
                "domain's identity propagation trust maps the OIDC token to is active in this tenancy, and that region " +
                'is one the tenancy is subscribed to.'
        });
    }
}
/** 401 because the request's date is more than 5 minutes away from OCI's clock. */
class OciClockSkewError extends OciServiceError {
    /** OCI's clock minus the local clock, in seconds (positive: the local clock is behind). */
    skewSeconds;
    constructor(facts, skewSeconds) {
        super(facts, {
            message: `OCI refused ${facts.method} ${facts.url}: the local clock is ` +
                (skewSeconds === undefined
                    ? 'more than 5 minutes off'
                    : `${formatDuration(Math.abs(skewSeconds))} ${skewSeconds > 0 ? 'behind' : 'ahead of'} OCI's`) +
                ` (401 NotAuthenticated${requestIdSuffix(facts)})`,
            fix: "Synchronise this machine's clock (NTP); OCI allows 5 minutes of skew."
        });
        this.skewSeconds = skewSeconds;
    }
}
/** 404 `NotAuthorizedOrNotFound`: the resource is missing or no policy lets this user see it. */
class OciNotAuthorizedOrNotFoundError extends OciServiceError {
    /** The IAM policy statement that grants what the request needed. */
    policy;
    constructor(facts, access) {
        super(facts, {
            message: `OCI refused to ${access.what} (404 NotAuthorizedOrNotFound${requestIdSuffix(facts)})`,
            fix: `Ask a tenancy administrator to add the policy statement '${access.policy}' ` +
                '(with a group the user is a member of), and check the OCIDs given.'
        });
        this.policy = access.policy;
    }
}
function requestIdSuffix(facts) {
    return facts.opcRequestId ? `, opc-request-id ${facts.opcRequestId}` : '';
}
function formatDuration(seconds) {
    const whole = Math.round(seconds);
    return whole >= 60 ? `${Math.floor(whole / 60)} min ${whole % 60} s` : `${whole} s`;
}
function errors_describeCause(cause) {
    return cause instanceof Error ? cause.message : String(cause);
}

;// CONCATENATED MODULE: ./src/oci/api-key.ts
// The API signing key users already have in CI (OCI_CLI_KEY_CONTENT and friends), checked
// before anything is sent: a key that cannot sign or does not match its fingerprint fails
// here with the setting to fix, not later as OCI's anonymous 401.



/** An OCID of the wrong kind (often tenancy and user swapped) or no OCID at all. */
class InvalidOcidError extends OciError {
    constructor(setting, expectedPrefix) {
        super(`${setting} is not an OCID starting with ${expectedPrefix}`, {
            setting,
            fix: `Set ${setting} to the OCID shown in the console (${expectedPrefix}…), ` +
                "as in the API key's configuration file preview."
        });
    }
}
/** The PEM text does not hold a private key Node can read. */
class UnreadablePrivateKeyError extends OciError {
    constructor(cause) {
        super('private-key is not a PEM private key', {
            setting: 'private-key',
            fix: 'Give the whole PEM file of the API signing key, from -----BEGIN to -----END----- ' +
                '(PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY"), not the public key or a path.',
            cause
        });
    }
}
/** OCI API signing keys are RSA keys. */
class UnsupportedPrivateKeyTypeError extends OciError {
    keyType;
    constructor(keyType) {
        super(`private-key is an ${keyType.toUpperCase()} key; OCI API signing keys are RSA`, {
            setting: 'private-key',
            fix: 'Use the RSA API signing key whose public key is uploaded to the user (Profile → API keys).'
        });
        this.keyType = keyType;
    }
}
class PassphraseRequiredError extends OciError {
    constructor() {
        super('private-key is encrypted and no passphrase was given', {
            setting: 'private-key-passphrase',
            fix: 'Set private-key-passphrase (OCI_CLI_PASSPHRASE) to the passphrase of the key.'
        });
    }
}
class WrongPassphraseError extends OciError {
    constructor() {
        super('private-key-passphrase does not decrypt private-key', {
            setting: 'private-key-passphrase',
            fix: 'Set private-key-passphrase (OCI_CLI_PASSPHRASE) to the passphrase this key was encrypted with.'
        });
    }
}
/** The fingerprint is not the one of the private key's public half. */
class FingerprintMismatchError extends OciError {
    expected;
    actual;
    constructor(given, ofKey) {
        super(`fingerprint ${given} is not the fingerprint of private-key (${ofKey})`, {
            setting: 'fingerprint',
            fix: `Set fingerprint to ${ofKey} if that key is uploaded to the user (Profile → API keys); ` +
                'otherwise give the private key that belongs to the fingerprint.'
        });
        this.expected = given;
        this.actual = ofKey;
    }
}
function loadApiKey(settings) {
    requireOcid('tenancy-ocid', settings.tenancyOcid, 'ocid1.tenancy.');
    requireOcid('user-ocid', settings.userOcid, 'ocid1.user.');
    const privateKey = readPrivateKey(settings.privateKeyPem, settings.passphrase);
    if (privateKey.asymmetricKeyType !== 'rsa') {
        throw new UnsupportedPrivateKeyTypeError(privateKey.asymmetricKeyType ?? 'unknown');
    }
    const fingerprint = settings.fingerprint.trim().toLowerCase();
    const ofKey = publicKeyFingerprint(privateKey);
    if (fingerprint !== ofKey)
        throw new FingerprintMismatchError(fingerprint, ofKey);
    const keyId = apiKeyId({
        tenancyOcid: settings.tenancyOcid,
        userOcid: settings.userOcid,
        fingerprint
    });
    return {
        tenancyOcid: settings.tenancyOcid,
        userOcid: settings.userOcid,
        fingerprint,
        keyId,
        privateKey,
        signer: createRequestSigner({ keyId, privateKey })
    };
}
/** The key as a principal: it signs every request the same way, for as long as it is valid. */
function apiKeyPrincipal(apiKey) {
    return {
        credential: 'api-key',
        signer: () => Promise.resolve(apiKey.signer),
        tenancyOcid: apiKey.tenancyOcid
    };
}
/** OCI's key fingerprint: MD5 of the DER SubjectPublicKeyInfo, as colon-separated lower-case hex. */
function publicKeyFingerprint(key) {
    const der = (key.type === 'public' ? key : (0,external_node_crypto_.createPublicKey)(key)).export({
        type: 'spki',
        format: 'der'
    });
    return (0,external_node_crypto_.createHash)('md5')
        .update(der)
        .digest('hex')
        .replace(/(..)(?!$)/g, '$1:');
}
function requireOcid(setting, value, prefix) {
    if (!value.startsWith(prefix))
        throw new InvalidOcidError(setting, prefix);
}
function readPrivateKey(pemText, passphrase) {
    const pem = unescapeNewlines(pemText.trim());
    // Told apart by the PEM text rather than by OpenSSL's error codes, which vary by version.
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
    if (encrypted && !passphrase)
        throw new PassphraseRequiredError();
    try {
        return (0,external_node_crypto_.createPrivateKey)({
            key: pem,
            format: 'pem',
            passphrase: encrypted ? passphrase : undefined
        });
    }
    catch (error) {
        if (encrypted)
            throw new WrongPassphraseError();
        throw new UnreadablePrivateKeyError(withoutKeyMaterial(error));
    }
}
/** CI secrets pasted on one line often carry `\n` for each line break. */
function unescapeNewlines(pem) {
    return pem.includes('\n') ? pem : pem.replace(/\\n/g, '\n');
}
/** OpenSSL's message only: nothing of the key travels on in the error's cause. */
function withoutKeyMaterial(error) {
    return new Error(error instanceof Error ? error.message : 'unreadable key');
}

;// CONCATENATED MODULE: ./src/oci/endpoints.ts

const ARTIFACTS_ENDPOINT_VARIABLE = 'OCIR_ARTIFACTS_ENDPOINT';
const OBJECT_STORAGE_ENDPOINT_VARIABLE = 'OCIR_OBJECTSTORAGE_ENDPOINT';
/** An endpoint override that is not an http(s) URL. */
class InvalidEndpointOverrideError extends OciError {
    variable;
    constructor(variable) {
        super(`${variable} is not an http(s) URL`, {
            fix: `Set ${variable} to the service's base URL, e.g. https://artifacts.eu-frankfurt-1.oci.oraclecloud.com, or unset it.`
        });
        this.variable = variable;
    }
}
/** The Artifacts (container repositories) API's base URL, without a trailing slash. */
function artifactsEndpoint(region, realmDomain, env) {
    return serviceEndpoint('artifacts', region, realmDomain, env[ARTIFACTS_ENDPOINT_VARIABLE], ARTIFACTS_ENDPOINT_VARIABLE);
}
/** Object Storage's base URL (for the namespace lookup), without a trailing slash. */
function objectStorageEndpoint(region, realmDomain, env) {
    return serviceEndpoint('objectstorage', region, realmDomain, env[OBJECT_STORAGE_ENDPOINT_VARIABLE], OBJECT_STORAGE_ENDPOINT_VARIABLE);
}
function serviceEndpoint(service, region, realmDomain, override, variable) {
    if (!override?.trim())
        return `https://${service}.${region}.oci.${realmDomain}`;
    let url;
    try {
        url = new URL(override.trim());
    }
    catch {
        throw new InvalidEndpointOverrideError(variable);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new InvalidEndpointOverrideError(variable);
    // A base URL that API paths are appended to: no query, no trailing slash.
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

;// CONCATENATED MODULE: ./src/oci/http.ts
// The one seam OCI clients send through. The default sends on node:http(s) directly; the
// integrator swaps in the project's shared transport (proxies, CA bundles) behind this type.



/** No answer of these APIs comes near this; a larger one is not OCI speaking. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
/** `method url` as errors and logs show it: query values that could be secrets are redacted. */
function describeUrl(url) {
    const shown = new URL(url);
    shown.username = '';
    shown.password = '';
    for (const name of [...shown.searchParams.keys()]) {
        if (/token|secret|signature|password|key/i.test(name))
            shown.searchParams.set(name, '***');
    }
    return shown.href;
}
/** The default OciSend: the whole exchange (connect, answer, body) within `timeoutMs`. */
function createNodeSend(options = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    return request => new Promise((resolve, reject) => {
        const facts = { method: request.method, url: describeUrl(request.url) };
        request.signal?.throwIfAborted();
        const send = request.url.protocol === 'https:' ? external_node_https_namespaceObject.request : external_node_http_namespaceObject.request;
        const outgoing = send(request.url, { method: request.method, headers: request.headers });
        let settled = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            request.signal?.removeEventListener('abort', onAbort);
            outcome();
        };
        const fail = (error) => {
            finish(() => reject(error));
            outgoing.destroy();
        };
        const onAbort = () => fail(request.signal?.reason);
        const timer = setTimeout(() => fail(new OciTimeoutError(facts, timeoutMs)), timeoutMs);
        timer.unref();
        request.signal?.addEventListener('abort', onAbort, { once: true });
        outgoing.on('error', error => fail(new OciConnectionError(facts, error)));
        outgoing.on('response', (incoming) => {
            const chunks = [];
            let received = 0;
            incoming.on('data', (chunk) => {
                received += chunk.length;
                if (received > maxResponseBytes)
                    return fail(new OciResponseTooLargeError(facts, maxResponseBytes));
                chunks.push(chunk);
            });
            incoming.on('error', error => fail(new OciConnectionError(facts, error)));
            incoming.on('end', () => {
                const body = Buffer.concat(chunks).toString('utf8');
                const headers = new Headers();
                for (const [name, value] of Object.entries(incoming.headers)) {
                    for (const one of Array.isArray(value) ? value : [value ?? ''])
                        headers.append(name, one);
                }
                finish(() => resolve({ status: incoming.statusCode ?? 0, headers, text: async () => body }));
            });
        });
        outgoing.end(request.body);
    });
}

;// CONCATENATED MODULE: ./src/oci/client.ts
// One signed exchange with an OCI API, and OCI's error answers turned into typed errors.


/** A service message longer than this is cut: it is quoted to the user, not parsed. */
const MAX_QUOTED_MESSAGE = 500;
const CLOCK_SKEW_MESSAGE = /not within allowed clock skew/i;
/** Signs and sends; a status of 400 or more throws the OciServiceError for its cause. */
async function sendSigned(client, request) {
    const body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json), 'utf8');
    const headers = {
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...request.headers
    };
    const now = client.now?.() ?? new Date();
    Object.assign(headers, client.signer({ method: request.method, url: request.url, headers, body, now }));
    const response = await client.send({
        method: request.method,
        url: request.url,
        headers,
        body,
        signal: request.signal
    });
    const text = await response.text();
    const facts = { method: request.method, url: describeUrl(request.url) };
    if (response.status >= 400) {
        throw serviceError(serviceFacts(facts, response.status, response.headers.get('opc-request-id'), text), {
            serverDate: response.headers.get('date'),
            signedAt: now,
            access: request.access,
            credential: client.credential ?? 'api-key'
        });
    }
    return { status: response.status, headers: response.headers, body: text, request: facts };
}
/** The body parsed as JSON and read by `read`; what it cannot read is not OCI's answer. */
function parseJson(response, expected, read) {
    let value;
    try {
        value = JSON.parse(response.body);
    }
    catch {
        throw new OciUnexpectedResponseError(response.request, response.status, expected);
    }
    const result = read(value);
    if (result === undefined) {
        throw new OciUnexpectedResponseError(response.request, response.status, expected);
    }
    return result;
}
function serviceFacts(request, status, opcRequestId, text) {
    const parsed = parseErrorBody(text);
    return {
        ...request,
        status,
        code: parsed.code ?? 'None',
        serviceMessage: (parsed.message ?? text).slice(0, MAX_QUOTED_MESSAGE),
        opcRequestId: opcRequestId ?? undefined
    };
}
/** OCI's `{code, message}`, or the registry token endpoint's `{errors: [{code, message}]}`. */
function parseErrorBody(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return {};
    }
    const record = asRecord(value);
    const first = Array.isArray(record?.errors) ? asRecord(record.errors[0]) : record;
    return {
        code: typeof first?.code === 'string' ? first.code : undefined,
        message: typeof first?.message === 'string' ? first.message : undefined
    };
}
function serviceError(facts, context) {
    if (facts.status === 401 && CLOCK_SKEW_MESSAGE.test(facts.serviceMessage)) {
        return new OciClockSkewError(facts, skewSeconds(context.serverDate, context.signedAt));
    }
    if (facts.status === 401) {
        return context.credential === 'session-token'
            ? new OciSessionNotAuthenticatedError(facts)
            : new OciNotAuthenticatedError(facts);
    }
    if (facts.status === 404 && facts.code === 'NotAuthorizedOrNotFound') {
        return new OciNotAuthorizedOrNotFoundError(facts, context.access);
    }
    return new OciServiceError(facts);
}
/** OCI's clock (its `Date` header) minus the clock the request was signed with. */
function skewSeconds(serverDate, signedAt) {
    const server = serverDate ? Date.parse(serverDate) : NaN;
    return Number.isNaN(server) ? undefined : Math.round((server - signedAt.getTime()) / 1000);
}
function asRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : undefined;
}

;// CONCATENATED MODULE: ./src/oci/jwt.ts
// The claims of a JWT read without verifying it: the token's own issuer verifies it. What is
// read (issuer, subject, audience, lifetime, tenancy) is what a failure must name, and when a
// token is due for renewal; none of these claims is a secret.

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;
/** The claims of `token`; undefined when it is not a JWT (three base64url parts, JSON claims). */
function readJwtClaims(token) {
    if (!JWT_SHAPE.test(token))
        return undefined;
    let value;
    try {
        value = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
    const claims = asRecord(value);
    if (!claims)
        return undefined;
    const text = (name) => {
        const claim = claims[name];
        return typeof claim === 'string' ? claim : undefined;
    };
    const seconds = (name) => {
        const claim = claims[name];
        return typeof claim === 'number' && Number.isFinite(claim) ? claim : undefined;
    };
    const aud = claims.aud;
    return {
        iss: text('iss'),
        sub: text('sub'),
        aud: typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter(isString) : [],
        exp: seconds('exp'),
        iat: seconds('iat'),
        tenant: text('tenant')
    };
}
function isString(value) {
    return typeof value === 'string';
}

;// CONCATENATED MODULE: ./src/oci/oidc-token.ts
// The OIDC token a CI job proves who it is with (the subject token of the exchange): GitHub's,
// asked for with the job's request token and the audience, or one another CI handed over
// (OCIR_OIDC_TOKEN). Either must be a JWT for the audience the identity domain expects before
// it is sent anywhere.






/** GitHub's token service as a job's variables name it; unset parts stay unset. */
function gitHubTokenSource(requestUrl, requestToken) {
    return {
        kind: 'github',
        ...(requestUrl ? { requestUrl } : {}),
        ...(requestToken ? { requestToken } : {})
    };
}
/** A quoted answer is cut to this length: it is shown to the user, not parsed. */
const MAX_QUOTED_ANSWER = 500;
const PERMISSION_FIX = 'Give the job `permissions: id-token: write` (with `contents: read`) in the workflow. ' +
    'Jobs of pull requests from forks get no OIDC token.';
/** A GitHub job without `id-token: write` has no ACTIONS_ID_TOKEN_REQUEST_URL. */
class IdTokenPermissionError extends OciError {
    constructor() {
        super(`GitHub gives this job no OIDC token (${constants/* GitHubOidcVariables */.S8.RequestUrl} is not set)`, {
            fix: PERMISSION_FIX
        });
    }
}
/** Outside GitHub Actions, the OIDC token must be handed over. */
class SubjectTokenMissingError extends OciError {
    constructor() {
        super(`no OIDC token: ${constants/* OIDC_TOKEN_VARIABLE */.xZ} is not set and this is not a GitHub Actions job`, {
            fix: `Set ${constants/* OIDC_TOKEN_VARIABLE */.xZ} to the CI's OIDC token for the identity domain's audience ` +
                '(GitLab: an id_tokens entry with aud: <domain URL>; CircleCI: $CIRCLE_OIDC_TOKEN_V2).'
        });
    }
}
/** What was handed over (or answered) is not a JWT. */
class SubjectTokenUnreadableError extends OciError {
    constructor(what) {
        super(`${what} is not a JWT (three base64url parts with JSON claims)`, {
            fix: `Give the CI's OIDC ID token itself in ${constants/* OIDC_TOKEN_VARIABLE */.xZ}, as the CI issued it.`
        });
    }
}
/** GitHub's token service refused to issue the job's OIDC token. */
class IdTokenRequestError extends OciRequestError {
    status;
    constructor(request, status, answer) {
        super(request, `GitHub did not issue the job's OIDC token (${status})`, {
            fix: `${PERMISSION_FIX} If it has it, run the job again: its request token is valid only while it runs.`,
            detail: answer || undefined,
            detailFrom: 'GitHub'
        });
        this.status = status;
    }
}
/** A successful status whose body is not what the service documents. */
class OidcUnexpectedAnswerError extends OciRequestError {
    status;
    constructor(request, status, expected, fix) {
        super(request, `${request.method} ${request.url} answered ${status} without ${expected}`, {
            fix
        });
        this.status = status;
    }
}
/** The token is not for the audience the identity domain is asked with. */
class OidcAudienceMismatchError extends OciError {
    audiences;
    expected;
    constructor(source, audiences, expected) {
        const stated = audiences.length ? audiences.join(', ') : 'none';
        super(`the OIDC token's audience is ${stated}, not ${expected}`, {
            setting: constants/* Inputs */.G0.OidcAudience,
            fix: source === 'given'
                ? `Issue ${constants/* OIDC_TOKEN_VARIABLE */.xZ} for the audience ${expected} (GitLab: aud: ${expected} in its id_tokens entry), ` +
                    `or set ${constants/* Inputs */.G0.OidcAudience} to the audience the domain's trust expects.`
                : `Set ${constants/* Inputs */.G0.OidcAudience} to the audience the domain's trust expects; ${expected} was asked for.`
        });
        this.audiences = audiences;
        this.expected = expected;
    }
}
/** The subject token for `audience`, checked to be a JWT whose `aud` has it. */
async function subjectToken(source, request) {
    const token = source.kind === 'github' ? await requestGitHubIdToken(source, request) : givenToken(source);
    request.onSecret(token);
    const claims = readJwtClaims(token);
    if (!claims) {
        throw new SubjectTokenUnreadableError(source.kind === 'github' ? "GitHub's OIDC token" : constants/* OIDC_TOKEN_VARIABLE */.xZ);
    }
    if (!claims.aud.includes(request.audience)) {
        throw new OidcAudienceMismatchError(source.kind, claims.aud, request.audience);
    }
    return { token, claims };
}
function givenToken(source) {
    const token = source.token.trim();
    if (!token)
        throw new SubjectTokenMissingError();
    return token;
}
/** GitHub's OIDC token for the job, as @actions/core asks for it: `&audience=`, the bearer. */
async function requestGitHubIdToken(source, request) {
    const { requestUrl, requestToken } = source;
    if (!requestUrl || !requestToken)
        throw new IdTokenPermissionError();
    const url = new URL(requestUrl);
    url.searchParams.set('audience', request.audience);
    const facts = { method: 'GET', url: describeUrl(url) };
    const response = await request.send({
        method: 'GET',
        url,
        headers: {
            accept: 'application/json',
            authorization: `Bearer ${requestToken}`,
            'user-agent': 'actions/oidc-client'
        },
        signal: request.signal
    });
    const text = await response.text();
    if (response.status !== 200) {
        throw new IdTokenRequestError(facts, response.status, (0,common_text/* withoutSecrets */.cT)(text, [requestToken]).slice(0, MAX_QUOTED_ANSWER));
    }
    const value = parseObject(text)?.value;
    if (typeof value !== 'string' || value === '') {
        throw new OidcUnexpectedAnswerError(facts, response.status, 'an OIDC token ({"value": …})', `Check that ${constants/* GitHubOidcVariables */.S8.RequestUrl} is the one the runner set: GitHub's token service.`);
    }
    return value;
}
/** A JSON object body; undefined for anything else. */
function parseObject(text) {
    try {
        return asRecord(JSON.parse(text));
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/oci/token-exchange.ts
// The token exchange of an OCI identity domain: an OIDC token (the subject token) and the
// public half of a key pair made for this run, for a user principal session token (UPST)
// bound to that key. The confidential application that trusts the OIDC issuer authenticates
// with Basic client id and secret; the key pair lives in memory only.








const TOKEN_EXCHANGE_PATH = '/oauth2/v1/token';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const REQUESTED_TOKEN_TYPE = 'urn:oci:token-type:oci-upst';
/** Only a loopback domain (a test's) may be plain http: the client secret travels to it. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
/** A required setting is empty. */
class MissingOidcSettingError extends OciError {
    constructor(setting) {
        super(`is required with auth: oidc`, {
            setting,
            fix: setting === constants/* Inputs */.G0.OidcDomainUrl
                ? `Set ${setting} to the identity domain's URL (Identity & Security → Domains → the domain → Domain URL).`
                : `Set ${setting} to the ${setting === constants/* Inputs */.G0.OidcClientId ? 'client ID' : 'client secret (a secret)'} of the ` +
                    "domain's confidential application that trusts the OIDC issuer (the application → OAuth configuration)."
        });
    }
}
/** The domain URL is not an https URL. */
class InvalidDomainUrlError extends OciError {
    constructor() {
        super('is not an https URL', {
            setting: constants/* Inputs */.G0.OidcDomainUrl,
            fix: "Set oidc-domain-url to the identity domain's URL as the console shows it: https://idcs-….identity.oraclecloud.com"
        });
    }
}
/** 401 or `invalid_client`: the domain does not know the client id and secret. */
class OidcClientRejectedError extends OciRequestError {
    status;
    constructor(request, status, answer) {
        super(request, `the identity domain did not accept the client credentials (${status})`, {
            setting: constants/* Inputs */.G0.OidcClientSecret,
            fix: 'Set oidc-client-id and oidc-client-secret to the client ID and secret of the confidential ' +
                'application (the application → OAuth configuration), and check that it is activated and allows the token exchange grant.',
            detail: answer || undefined,
            detailFrom: 'The identity domain'
        });
        this.status = status;
    }
}
/** The domain refused the exchange: the OIDC token does not satisfy its trust. */
class OidcExchangeRefusedError extends OciRequestError {
    status;
    /** The OAuth error code (`invalid_grant`, `invalid_request`, …), when the answer had one. */
    code;
    constructor(request, answer, subject, target) {
        super(request, `the identity domain refused to exchange the OIDC token (${answer.status}${answer.code ? ` ${answer.code}` : ''})`, {
            fix: "Check the domain's identity propagation trust for this token: issuer " +
                `${subject.iss ?? '(none)'}, subject ${subject.sub ?? '(none)'}, audience ${target.audience}. ` +
                "The trust's issuer and subject rule must match them, its OAuth clients must include " +
                `${target.clientId}, and the audience must be the one it expects (${constants/* Inputs */.G0.OidcAudience}).`,
            detail: answer.text || undefined,
            detailFrom: 'The identity domain'
        });
        this.status = answer.status;
        this.code = answer.code;
    }
}
/** The settings checked, the URL normalised, the audience defaulted to the domain's URL. */
function oidcTarget(settings) {
    const given = settings.domainUrl.trim();
    if (!given)
        throw new MissingOidcSettingError(constants/* Inputs */.G0.OidcDomainUrl);
    if (!settings.clientId.trim())
        throw new MissingOidcSettingError(constants/* Inputs */.G0.OidcClientId);
    if (!settings.clientSecret.trim())
        throw new MissingOidcSettingError(constants/* Inputs */.G0.OidcClientSecret);
    let url;
    try {
        url = new URL(given);
    }
    catch {
        throw new InvalidDomainUrlError();
    }
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname));
    if (!secure || url.search || url.username)
        throw new InvalidDomainUrlError();
    const domainUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    return {
        domainUrl,
        audience: settings.audience.trim() || domainUrl,
        clientId: settings.clientId.trim(),
        clientSecret: settings.clientSecret.trim()
    };
}
/**
 * A key pair for one run's session token: RSA 2048, as OCI's SDKs make them; never written
 * out. Made off the main thread, so that the OIDC token can be asked for meanwhile.
 */
function sessionKeyPair() {
    return (0,external_node_util_namespaceObject.promisify)(external_node_crypto_.generateKeyPair)('rsa', { modulusLength: 2048 });
}
/** The public key as the exchange takes it: base64 of the DER SubjectPublicKeyInfo, one line. */
function exchangePublicKey(publicKey) {
    return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}
/** Exchanges `subject` for a session token bound to `publicKey`. */
async function exchangeToken(request) {
    const { target, subject, send } = request;
    const url = new URL(`${target.domainUrl}${TOKEN_EXCHANGE_PATH}`);
    const body = new URLSearchParams({
        grant_type: GRANT_TYPE,
        requested_token_type: REQUESTED_TOKEN_TYPE,
        subject_token: subject.token,
        subject_token_type: 'jwt',
        public_key: exchangePublicKey(request.publicKey)
    }).toString();
    const client = Buffer.from(`${target.clientId}:${target.clientSecret}`).toString('base64');
    const response = await send({
        method: 'POST',
        url,
        headers: {
            accept: 'application/json',
            authorization: `Basic ${client}`,
            'content-type': 'application/x-www-form-urlencoded'
        },
        body: Buffer.from(body, 'utf8'),
        signal: request.signal
    });
    const text = await response.text();
    const facts = { method: 'POST', url: describeUrl(url) };
    const answer = parseObject(text);
    if (response.status >= 400) {
        const code = typeof answer?.error === 'string' ? answer.error : undefined;
        const description = typeof answer?.error_description === 'string' ? answer.error_description : text;
        // The domain's words, quoted: whatever of the request it echoes is no longer in them.
        const quoted = (0,common_text/* withoutSecrets */.cT)(description, [target.clientSecret, subject.token])
            .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***')
            .slice(0, MAX_QUOTED_ANSWER);
        if (response.status === 401 || code === 'invalid_client') {
            throw new OidcClientRejectedError(facts, response.status, quoted);
        }
        throw new OidcExchangeRefusedError(facts, { status: response.status, code, text: quoted }, subject.claims, target);
    }
    const token = typeof answer?.token === 'string' ? answer.token : '';
    if (token)
        request.onSecret(token);
    const claims = readJwtClaims(token);
    if (!claims || claims.exp === undefined) {
        throw new OidcUnexpectedAnswerError(facts, response.status, 'a session token ({"token": a JWT with exp})', "Check that oidc-domain-url is the identity domain's URL.");
    }
    // From its own claims where it can, not this machine's clock: a skewed clock must not make
    // it look expired or fresh.
    const issuedAt = claims.iat ?? Math.floor(Date.now() / 1000);
    return { token, lifetimeSeconds: Math.max(0, claims.exp - issuedAt), claims };
}

;// CONCATENATED MODULE: ./src/oci/oidc-session.ts



/** A new session token is got once this fraction of the current one's lifetime has passed. */
const RENEW_AFTER = 0.8;
/** The session, its first token got (so a refusal fails here, before anything is planned). */
async function startOidcSession(options) {
    const now = options.now ?? Date.now;
    // Made while the first OIDC token is asked for; a failure is reported where it is awaited.
    const keys = sessionKeyPair();
    keys.catch(() => undefined);
    const obtain = async () => {
        const request = { send: options.send, onSecret: options.onSecret, signal: options.signal };
        const subject = await subjectToken(options.source, {
            ...request,
            audience: options.target.audience
        });
        const { privateKey, publicKey } = await keys;
        const session = await exchangeToken({
            ...request,
            target: options.target,
            subject,
            publicKey
        });
        return {
            signer: signerFor(session.token, privateKey),
            renewAt: now() + session.lifetimeSeconds * 1000 * RENEW_AFTER,
            subject: subject.claims,
            lifetimeSeconds: session.lifetimeSeconds,
            ...(session.claims.tenant ? { tenancyOcid: session.claims.tenant } : {})
        };
    };
    let current = await obtain();
    let renewing;
    return {
        credential: 'session-token',
        subject: current.subject,
        lifetimeSeconds: current.lifetimeSeconds,
        ...(current.tenancyOcid ? { tenancyOcid: current.tenancyOcid } : {}),
        signer: async () => {
            if (now() < current.renewAt)
                return current.signer;
            // One exchange for every request that finds the token due at once.
            renewing ??= obtain().finally(() => {
                renewing = undefined;
            });
            current = await renewing;
            return current.signer;
        }
    };
}
function signerFor(token, privateKey) {
    return createRequestSigner({ keyId: sessionTokenKeyId(token), privateKey });
}

;// CONCATENATED MODULE: ./src/oci/object-storage.ts
// The tenancy namespace, as Object Storage reports it for the signing user's tenancy.

async function lookUpNamespace(client, request) {
    const response = await sendSigned(client, {
        method: 'GET',
        url: new URL(`${request.endpoint}/n/`),
        signal: request.signal,
        access: {
            what: 'read the tenancy namespace',
            policy: 'Allow group <group> to read objectstorage-namespaces in tenancy'
        }
    });
    return parseJson(response, 'the namespace (a JSON string)', value => typeof value === 'string' && value !== '' ? value : undefined);
}

;// CONCATENATED MODULE: ./src/oci/artifacts.ts
// Container repositories through the Artifacts API: found by compartment and name, or created
// with the visibility and immutability asked for. An existing repository is never changed:
// where it differs from what was asked, the caller is told how.



/** Creating conflicts (409) with a repository of that name that this user cannot find. */
class RepositoryNameTakenError extends OciServiceError {
    displayName;
    constructor(facts, displayName, searchedTenancy) {
        super(facts, {
            message: `A repository named ${displayName} exists in another compartment of the tenancy (409 ${facts.code})`,
            fix: searchedTenancy
                ? `Set compartment to the compartment that holds ${displayName}, or let the user list repositories in the ` +
                    "tenancy ('Allow group <group> to inspect repos in tenancy') so it is found."
                : `Set compartment to the compartment that holds ${displayName}, or give tenancy-ocid so it is looked up there.`
        });
        this.displayName = displayName;
    }
}
const REPOSITORIES_PATH = '/20160918/container/repositories';
/** At most this many list pages are read: a paging loop must end even if the server's does not. */
const MAX_PAGES = 100;
async function ensureRepository(client, request) {
    const existing = await findRepository(client, request, { compartmentId: request.compartmentId });
    if (existing)
        return judge(existing, request);
    try {
        return { outcome: 'created', repository: await createRepository(client, request) };
    }
    catch (error) {
        if (!(error instanceof OciServiceError && error.status === 409))
            throw error;
        const taken = await findAfterConflict(client, request);
        if (!taken) {
            throw new RepositoryNameTakenError(error.facts, request.displayName, request.tenancyOcid !== undefined);
        }
        return judge(taken, request);
    }
}
/** After a 409: created meanwhile by a parallel job, or the name is taken in another compartment. */
async function findAfterConflict(client, request) {
    const raced = await findRepository(client, request, { compartmentId: request.compartmentId });
    if (raced || !request.tenancyOcid)
        return raced;
    return findRepository(client, request, { compartmentId: request.tenancyOcid, inSubtree: true });
}
/** The repository of that name in the compartment (or the tenancy's subtree), following every page. */
async function findRepository(client, request, where) {
    let page = null;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
        const url = new URL(`${request.endpoint}${REPOSITORIES_PATH}`);
        url.searchParams.set('compartmentId', where.compartmentId);
        if (where.inSubtree)
            url.searchParams.set('compartmentIdInSubtree', 'true');
        url.searchParams.set('displayName', request.displayName);
        if (page)
            url.searchParams.set('page', page);
        const response = await sendSigned(client, {
            method: 'GET',
            url,
            signal: request.signal,
            access: repositoryAccess('list repositories', where.compartmentId)
        });
        const { items } = parseJson(response, 'a repository collection', readRepositoryCollection);
        const match = items.find(item => item.displayName === request.displayName);
        if (match)
            return match;
        page = response.headers.get('opc-next-page');
        if (!page)
            return undefined;
    }
    return undefined;
}
async function createRepository(client, request) {
    const response = await sendSigned(client, {
        method: 'POST',
        url: new URL(`${request.endpoint}${REPOSITORIES_PATH}`),
        // Makes a retried create (after a lost answer) return the first one's repository.
        headers: { 'opc-retry-token': (0,external_node_crypto_.randomUUID)() },
        json: {
            compartmentId: request.compartmentId,
            displayName: request.displayName,
            isPublic: request.isPublic ?? false,
            isImmutable: request.isImmutable ?? false
        },
        signal: request.signal,
        access: repositoryAccess('create repositories', request.compartmentId)
    });
    return parseJson(response, 'a container repository', value => isRepository(value) ? value : undefined);
}
function judge(repository, request) {
    const differences = [];
    if (repository.compartmentId !== request.compartmentId) {
        differences.push({
            property: 'compartmentId',
            wanted: request.compartmentId,
            actual: repository.compartmentId
        });
    }
    for (const property of ['isPublic', 'isImmutable']) {
        const wanted = request[property];
        if (wanted !== undefined && repository[property] !== wanted) {
            differences.push({ property, wanted, actual: repository[property] });
        }
    }
    return differences.length
        ? { outcome: 'differs', repository, differences }
        : { outcome: 'found', repository };
}
function repositoryAccess(what, compartmentId) {
    // Policies name the root compartment `tenancy`, every other one by its OCID.
    const where = compartmentId.startsWith('ocid1.tenancy.')
        ? 'tenancy'
        : `compartment id ${compartmentId}`;
    return {
        what: `${what} in ${compartmentId.startsWith('ocid1.tenancy.') ? 'the tenancy' : `compartment ${compartmentId}`}`,
        policy: `Allow group <group> to manage repos in ${where}`
    };
}
function readRepositoryCollection(value) {
    const items = asRecord(value)?.items;
    return Array.isArray(items) && items.every(isRepository) ? { items } : undefined;
}
function isRepository(value) {
    const record = asRecord(value);
    return (typeof record?.id === 'string' &&
        typeof record.displayName === 'string' &&
        typeof record.compartmentId === 'string' &&
        typeof record.isPublic === 'boolean' &&
        typeof record.isImmutable === 'boolean');
}

;// CONCATENATED MODULE: ./src/oci/registry-token.ts
// A registry bearer token for an API key: OCIR's token endpoint accepts an OCI-signed GET in
// place of Basic `username:auth-token`. The registry's challenge gives realm and service.

/** The lifetime the distribution token spec assumes when an answer states none. */
const DEFAULT_EXPIRES_IN_SECONDS = 60;
async function requestRegistryToken(client, request) {
    const url = new URL(request.realm);
    url.searchParams.set('service', request.service);
    for (const scope of request.scopes ?? [])
        url.searchParams.append('scope', scope);
    const response = await sendSigned(client, {
        method: 'GET',
        url,
        signal: request.signal,
        access: {
            what: `get a registry token from ${url.host}`,
            policy: 'Allow group <group> to manage repos in tenancy'
        }
    });
    return parseJson(response, 'a token', readToken);
}
function readToken(value) {
    const answer = asRecord(value);
    // `token` is the spec's name; `access_token` the OAuth2-compatible alias some issuers send alone.
    const token = [answer?.token, answer?.access_token].find((candidate) => typeof candidate === 'string' && candidate !== '');
    if (token === undefined)
        return undefined;
    const expiresIn = answer?.expires_in;
    return {
        token,
        expiresInSeconds: typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_SECONDS
    };
}

;// CONCATENATED MODULE: ./src/oci/index.ts












;// CONCATENATED MODULE: ./src/tags/date-format.ts
/**
 * Formats a date with the moment.js display tokens that docker/metadata-action's
 * `{{date 'format' tz='Zone'}}` accepts, using Intl for the time zone.
 * Text in `[brackets]` is literal; characters that are not tokens pass through.
 */
const TOKENS = /\[[^\]]*\]|YYYY|YY|Q|MMMM|MMM|MM|M|DDDD|DDD|Do|DD|D|dddd|ddd|dd|d|E|GGGG|WW|W|HH|H|hh|h|kk|k|mm|m|ss|s|SSS|SS|S|A|a|ZZ|Z|X|x/g;
const MONTHS = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December'
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;
/** The wall-clock fields of `date` in `timeZone`; throws RangeError for an unknown zone. */
function wallClock(date, timeZone) {
    const parts = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric'
    }).formatToParts(date);
    const field = (type) => Number(parts.find(part => part.type === type)?.value);
    const year = field('year');
    const month = field('month');
    const day = field('day');
    const hour = field('hour');
    const minute = field('minute');
    const second = field('second');
    const millisecond = date.getUTCMilliseconds();
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
    return {
        year,
        month,
        day,
        hour,
        minute,
        second,
        millisecond,
        weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
        dayOfYear: (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / DAY_MS + 1,
        offsetMinutes: Math.round((asUtc - date.getTime()) / 60_000)
    };
}
/** ISO 8601 week number and week-based year of a calendar day. */
function isoWeek(year, month, day) {
    const date = new Date(Date.UTC(year, month - 1, day));
    const isoWeekday = date.getUTCDay() || 7;
    date.setUTCDate(date.getUTCDate() + 4 - isoWeekday);
    const weekYear = date.getUTCFullYear();
    const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS + 1) / 7);
    return { week, year: weekYear };
}
function pad(value, width) {
    return String(value).padStart(width, '0');
}
function ordinal(day) {
    const tens = day % 100;
    if (tens >= 11 && tens <= 13)
        return `${day}th`;
    return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}
function offset(minutes, separator) {
    const sign = minutes < 0 ? '-' : '+';
    const absolute = Math.abs(minutes);
    return `${sign}${pad(Math.floor(absolute / 60), 2)}${separator}${pad(absolute % 60, 2)}`;
}
function formatDate(date, format, timeZone = 'UTC') {
    const t = wallClock(date, timeZone);
    const hour12 = t.hour % 12 || 12;
    const week = isoWeek(t.year, t.month, t.day);
    const values = {
        YYYY: () => pad(t.year, 4),
        YY: () => pad(t.year % 100, 2),
        Q: () => String(Math.ceil(t.month / 3)),
        MMMM: () => MONTHS[t.month - 1],
        MMM: () => MONTHS[t.month - 1].slice(0, 3),
        MM: () => pad(t.month, 2),
        M: () => String(t.month),
        DDDD: () => pad(t.dayOfYear, 3),
        DDD: () => String(t.dayOfYear),
        Do: () => ordinal(t.day),
        DD: () => pad(t.day, 2),
        D: () => String(t.day),
        dddd: () => WEEKDAYS[t.weekday],
        ddd: () => WEEKDAYS[t.weekday].slice(0, 3),
        dd: () => WEEKDAYS[t.weekday].slice(0, 2),
        d: () => String(t.weekday),
        E: () => String(t.weekday || 7),
        GGGG: () => pad(week.year, 4),
        WW: () => pad(week.week, 2),
        W: () => String(week.week),
        HH: () => pad(t.hour, 2),
        H: () => String(t.hour),
        hh: () => pad(hour12, 2),
        h: () => String(hour12),
        kk: () => pad(t.hour || 24, 2),
        k: () => String(t.hour || 24),
        mm: () => pad(t.minute, 2),
        m: () => String(t.minute),
        ss: () => pad(t.second, 2),
        s: () => String(t.second),
        SSS: () => pad(t.millisecond, 3),
        SS: () => pad(Math.floor(t.millisecond / 10), 2),
        S: () => String(Math.floor(t.millisecond / 100)),
        A: () => (t.hour < 12 ? 'AM' : 'PM'),
        a: () => (t.hour < 12 ? 'am' : 'pm'),
        ZZ: () => offset(t.offsetMinutes, ''),
        Z: () => offset(t.offsetMinutes, ':'),
        X: () => String(Math.floor(date.getTime() / 1000)),
        x: () => String(date.getTime())
    };
    return format.replace(TOKENS, token => token.startsWith('[') ? token.slice(1, -1) : values[token]());
}

// EXTERNAL MODULE: ./src/tags/semver.ts
var semver = __nccwpck_require__(209);
;// CONCATENATED MODULE: ./src/tags/expressions.ts


const DEFAULT_SHORT_SHA_LENGTH = 7;
/** moment's format when none is given; `Z` is `+00:00`, which moment writes `Z` in UTC. */
const DEFAULT_DATE_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ';
/** `{{sha}}` and `type=sha`: the first DOCKER_METADATA_SHORT_SHA_LENGTH (7) characters. */
function shortSha(context) {
    return context.sha.slice(0, context.shortShaLength ?? DEFAULT_SHORT_SHA_LENGTH);
}
/** A git tag read as a version the way metadata-action does: `/` becomes `-`. */
function tagVersionText(tag) {
    return tag.replace(/\//g, '-');
}
function isDefaultBranch({ branch, defaultBranch, event }) {
    if (event === 'pull_request' || event === 'tag' || branch === undefined)
        return false;
    // A schedule always runs on the default branch, even when its name is unknown.
    if (defaultBranch === undefined)
        return event === 'schedule';
    return branch === defaultBranch;
}
function dateHelper(name, iso, fail) {
    const date = new Date(iso);
    return (args, options) => {
        const unknown = Object.keys(options).filter(key => key !== 'tz');
        if (args.length > 1 || unknown.length > 0) {
            fail(`{{${name}}} takes a format and tz= only, e.g. {{${name} 'YYYYMMDD' tz='Europe/Berlin'}}`);
        }
        const format = args[0];
        try {
            const text = formatDate(date, format ?? DEFAULT_DATE_FORMAT, options.tz);
            return format === undefined ? text.replace(/\+00:00$/, 'Z') : text;
        }
        catch (error) {
            if (error instanceof RangeError)
                fail(`unknown time zone tz='${options.tz}'`);
            throw error;
        }
    };
}
/**
 * The expressions every rule value, prefix, suffix, `enable=`, label and annotation may
 * use (metadata-action's "global expressions", plus `is_tag`, `is_semver_tag`, …).
 */
function globalExpressions(context, fail) {
    const defaultBranch = isDefaultBranch(context);
    const semverTag = context.tag === undefined ? undefined : (0,semver/* parseSemver */.k)(tagVersionText(context.tag));
    const flag = (value) => () => String(value);
    return {
        branch: () => context.branch ?? '',
        tag: () => context.tag ?? '',
        sha: () => shortSha(context),
        base_ref: () => context.baseRef ?? '',
        date: dateHelper('date', context.date, fail),
        commit_date: dateHelper('commit_date', context.commitDate ?? context.date, fail),
        is_default_branch: flag(defaultBranch),
        is_not_default_branch: flag(!defaultBranch),
        is_tag: flag(context.event === 'tag'),
        is_not_tag: flag(context.event !== 'tag'),
        is_semver_tag: flag(semverTag !== undefined),
        is_not_semver_tag: flag(semverTag === undefined),
        is_pull_request: flag(context.event === 'pull_request'),
        is_not_pull_request: flag(context.event !== 'pull_request')
    };
}

;// CONCATENATED MODULE: ./src/tags/pep440.ts
/**
 * Python versions (PEP 440) as docker/metadata-action reads them for `type=pep440`: the
 * permissive spelling PEP 440 accepts (any case, `v`, separators `-_.`, alternative
 * spellings such as `alpha`, `c`, `rev`, implicit numbers) and its normal form.
 * https://peps.python.org/pep-0440/#normalization
 */
const SEPARATOR = '[-_.]?';
const PEP440 = new RegExp('^\\s*v?' +
    '(?:(\\d+)!)?' +
    '(\\d+(?:\\.\\d+)*)' +
    `(?:${SEPARATOR}(alpha|a|beta|b|preview|pre|rc|c)${SEPARATOR}(\\d+)?)?` +
    `(?:-(\\d+)|${SEPARATOR}(post|rev|r)${SEPARATOR}(\\d+)?)?` +
    `(?:${SEPARATOR}(dev)${SEPARATOR}(\\d+)?)?` +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
    '\\s*$', 'i');
const PRE_RELEASE_LABELS = {
    a: 'a',
    alpha: 'a',
    b: 'b',
    beta: 'b',
    c: 'rc',
    rc: 'rc',
    pre: 'rc',
    preview: 'rc'
};
/** Digits as a number, leading zeros dropped (`007` → 7); a missing number is 0. */
function number(digits) {
    return digits === undefined ? 0 : Number(digits);
}
function parsePep440(text) {
    const match = PEP440.exec(text);
    if (!match)
        return undefined;
    const [, epoch, release, preLabel, preNumber, implicitPost, postLabel, postNumber] = match;
    const [devLabel, devNumber, local] = match.slice(8);
    const version = {
        raw: text,
        version: '',
        epoch: number(epoch),
        release: release.split('.').map(part => Number(part))
    };
    if (preLabel !== undefined) {
        version.preRelease = {
            label: PRE_RELEASE_LABELS[preLabel.toLowerCase()],
            number: number(preNumber)
        };
    }
    if (implicitPost !== undefined || postLabel !== undefined) {
        version.postRelease = number(implicitPost ?? postNumber);
    }
    if (devLabel !== undefined)
        version.devRelease = number(devNumber);
    if (local !== undefined) {
        version.local = local
            .toLowerCase()
            .split(/[-_.]/)
            .map(part => (/^\d+$/.test(part) ? String(Number(part)) : part))
            .join('.');
    }
    version.version = normalForm(version);
    return version;
}
function normalForm(version) {
    let text = version.epoch !== 0 ? `${version.epoch}!` : '';
    text += version.release.join('.');
    if (version.preRelease)
        text += `${version.preRelease.label}${version.preRelease.number}`;
    if (version.postRelease !== undefined)
        text += `.post${version.postRelease}`;
    if (version.devRelease !== undefined)
        text += `.dev${version.devRelease}`;
    if (version.local !== undefined)
        text += `+${version.local}`;
    return text;
}
/** A pre-release in PEP 440's sense: an `a`, `b`, `rc` or `dev` release. */
function isPep440PreRelease(version) {
    return version.preRelease !== undefined || version.devRelease !== undefined;
}
/** `{{major}}`, `{{minor}}`, `{{patch}}`: the first three release numbers, 0 when absent. */
function releasePart(version, index) {
    return String(version.release[index] ?? 0);
}

;// CONCATENATED MODULE: ./src/tags/fields.ts
/**
 * Splits one rule line into `key=value` attributes the way docker/metadata-action reads
 * it (its CSV parser): fields are separated by commas; a field that starts with `"` runs
 * to the closing quote, `""` inside it is one `"`, so `"value=a,b"` keeps its comma.
 * Returns undefined for a quote that is never closed.
 */
function splitFields(line) {
    const fields = [];
    let index = 0;
    for (;;) {
        while (line[index] === ' ' || line[index] === '\t')
            index++;
        let field = '';
        if (line[index] === '"') {
            index++;
            for (;;) {
                if (index >= line.length)
                    return undefined;
                if (line[index] === '"') {
                    if (line[index + 1] !== '"')
                        break;
                    index++;
                }
                field += line[index];
                index++;
            }
            index++;
            const rest = line.indexOf(',', index);
            const trailing = rest === -1 ? line.slice(index) : line.slice(index, rest);
            if (trailing.trim() !== '')
                return undefined;
            index = rest === -1 ? line.length : rest;
        }
        else {
            const end = line.indexOf(',', index);
            field = end === -1 ? line.slice(index) : line.slice(index, end);
            index = end === -1 ? line.length : end;
        }
        fields.push(field.trim());
        if (index >= line.length)
            return fields;
        index++;
    }
}
/** `key=value` → [lower-cased key, value]; a bare field is the value (`type=raw,foo`). */
function splitAttribute(field) {
    const equals = field.indexOf('=');
    if (equals === -1)
        return [undefined, field];
    return [field.slice(0, equals).trim().toLowerCase(), field.slice(equals + 1).trim()];
}

;// CONCATENATED MODULE: ./src/tags/given.ts


const TAG_RULE_TEXT = "only letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'";
/**
 * A line is a rule when it has `=` (`type=raw,value=x`, or metadata-action's `value=x`,
 * whose type is raw): neither a tag nor a reference can contain one. Any other line is a
 * list of tags or full references, separated by commas or white space.
 */
function isRuleLine(source) {
    return source.includes('=');
}
/**
 * The tags one list line gives, in its order. A full reference (`<host>/<path>:<tag>`, as
 * metadata-action's `tags` output has them, for one image or several) must name one of
 * `repositories` (`<host>/<path>`, the repositories this step pushes to; none for a step
 * without one) and gives its tag. `repositories` undefined are not known (another input is
 * wrong, and reported): then only the reference's tag is checked. Nothing is sanitised: a
 * value that is not a valid tag fails, naming the rule it breaks.
 */
function parseGivenTags(source, line, repositories) {
    return source
        .split(/[\s,]+/)
        .filter(item => item !== '')
        .map(item => ({ tag: givenTag(item, line, repositories), line, source: item }));
}
function givenTag(item, line, repositories) {
    const listed = repositories?.join(', ');
    const repository = repositories?.[0];
    const slash = item.lastIndexOf('/');
    const colon = item.lastIndexOf(':');
    if (item.includes('@')) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Tags, `line ${line}: '${item}' is pinned by digest, not a tag`, {
            fix: 'Write the tag, or the reference with its tag (<registry>/<namespace>/<repository>:<tag>)'
        });
    }
    if (slash === -1 || colon < slash) {
        if (constants/* TAG_PATTERN */.A0.test(item))
            return item;
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Tags, `line ${line}: '${item}' is not a valid tag: ${TAG_RULE_TEXT}`, { fix: invalidTagFix(item, repository) });
    }
    const name = item.slice(0, colon);
    const tag = item.slice(colon + 1);
    if (repositories !== undefined &&
        !repositories.some(named => normalReference(named) === normalReference(name))) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Tags, `line ${line}: '${item}' names ${name}, not ${repositories.length > 1 ? 'a repository' : 'the repository'} this step pushes to (${listed || 'none: no repository is set'})`, {
            fix: listed
                ? `List tags of ${listed} only (or just the tags); push to ${name} in a step of its own, or list its host and repository in this step's registry (or region) and repository`
                : `Set repository (or image) so this step pushes to ${name}, or list just the tags`
        });
    }
    if (!constants/* TAG_PATTERN */.A0.test(tag)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Tags, `line ${line}: '${item}' has tag '${tag}', which is not a valid tag: ${TAG_RULE_TEXT}`, { fix: invalidTagFix(tag, repository) });
    }
    return tag;
}
/** Registry hosts are case-insensitive; repository paths are not. */
function normalReference(reference) {
    const slash = reference.indexOf('/');
    return slash === -1
        ? reference.toLowerCase()
        : `${reference.slice(0, slash).toLowerCase()}${reference.slice(slash)}`;
}
function invalidTagFix(text, repository) {
    if (text.includes('{{')) {
        return `Expressions belong in a rule: type=raw,value=${text}`;
    }
    if (text.includes('/') || text.includes(':')) {
        return `Write the tag alone, or the full reference ${repository ?? '<registry>/<namespace>/<repository>'}:<tag>`;
    }
    return `Write the tag with those characters only`;
}

;// CONCATENATED MODULE: ./src/tags/rules.ts




/** Rule types, with metadata-action's default priorities (higher comes first). */
const RULE_PRIORITIES = {
    schedule: 1000,
    semver: 900,
    pep440: 900,
    match: 800,
    edge: 700,
    ref: 600,
    raw: 200,
    sha: 100
};
const COMMON_ATTRIBUTES = ['type', 'enable', 'prefix', 'suffix', 'priority'];
const TYPE_ATTRIBUTES = {
    schedule: ['pattern'],
    semver: ['pattern', 'value', 'match'],
    pep440: ['pattern', 'value', 'match'],
    match: ['pattern', 'group', 'value'],
    edge: ['branch'],
    ref: ['event'],
    raw: ['value'],
    sha: ['format', 'commit']
};
const REQUIRED = {
    semver: 'pattern',
    pep440: 'pattern',
    match: 'pattern',
    ref: 'event',
    raw: 'value'
};
const CHOICES = {
    event: ['branch', 'tag', 'pr'],
    format: ['short', 'long'],
    commit: ['head', 'merge']
};
function ruleError(line, source, problem, fix) {
    return new errors/* InputError */.dz(constants/* Inputs */.G0.Tags, `line ${line} '${source}': ${problem}`, { fix });
}
/**
 * Parses the `tags` lines into rules and the tags written out (see `isRuleLine`); blank
 * lines and `#` comments are skipped. `repositories` are the ones full references may name.
 */
function parseTagLines(lines, repositories) {
    const rules = [];
    const given = [];
    lines.forEach((text, index) => {
        const source = text.trim();
        if (source === '' || source.startsWith('#'))
            return;
        if (isRuleLine(source))
            rules.push(parseRule(source, index + 1));
        else
            given.push(...parseGivenTags(source, index + 1, repositories));
    });
    return { rules, given };
}
function parseRule(source, line) {
    const fields = splitFields(source);
    if (!fields) {
        throw ruleError(line, source, 'a quoted field is not closed', 'quote a whole field, e.g. "value=a,b", and double a quote inside it ("")');
    }
    const attributes = {};
    for (const field of fields) {
        if (field === '')
            continue;
        const [key = 'value', value] = splitAttribute(field);
        if (Object.hasOwn(attributes, key)) {
            throw ruleError(line, source, `'${key}' is given twice`, `keep one '${key}=' attribute`);
        }
        attributes[key] = value;
    }
    const type = (attributes.type ?? 'raw');
    if (!Object.hasOwn(RULE_PRIORITIES, type)) {
        throw ruleError(line, source, `unknown type '${attributes.type}'`, `use one of: ${Object.keys(RULE_PRIORITIES)
            .map(name => `type=${name}`)
            .join(', ')}`);
    }
    delete attributes.type;
    const accepted = [...COMMON_ATTRIBUTES, ...TYPE_ATTRIBUTES[type]];
    for (const key of Object.keys(attributes)) {
        if (!accepted.includes(key)) {
            throw ruleError(line, source, `unknown attribute '${key}' for type=${type}`, `type=${type} accepts: ${accepted.join(', ')}`);
        }
        const choices = CHOICES[key];
        if (choices && !choices.includes(attributes[key])) {
            throw ruleError(line, source, `${key}='${attributes[key]}' is not accepted`, `use ${choices.map(choice => `${key}=${choice}`).join(' or ')}`);
        }
    }
    const required = REQUIRED[type];
    if (required && !Object.hasOwn(attributes, required)) {
        throw ruleError(line, source, `type=${type} needs '${required}='`, `add ${required}=…, e.g. ${EXAMPLES[type]}`);
    }
    if (attributes.group !== undefined && !/^\d+$/.test(attributes.group)) {
        throw ruleError(line, source, `group='${attributes.group}' is not a number`, 'use group=0, 1, …');
    }
    const priority = attributes.priority === undefined ? RULE_PRIORITIES[type] : Number(attributes.priority);
    if (!Number.isFinite(priority) || attributes.priority === '') {
        throw ruleError(line, source, `priority='${attributes.priority}' is not a number`, 'use a number, e.g. priority=500 (higher comes first)');
    }
    if (type === 'ref' && attributes.event === 'pr' && !Object.hasOwn(attributes, 'prefix')) {
        attributes.prefix = 'pr-';
    }
    if (type === 'sha' && !Object.hasOwn(attributes, 'prefix')) {
        attributes.prefix = 'sha-';
    }
    return { type, line, source, priority, attributes };
}
const EXAMPLES = {
    semver: 'type=semver,pattern={{version}}',
    pep440: 'type=pep440,pattern={{version}}',
    match: 'type=match,pattern=v(\\d+),group=1',
    ref: 'type=ref,event=branch',
    raw: 'type=raw,value=stable'
};
function flavorError(line, source, problem) {
    return new errors/* InputError */.dz(constants/* Inputs */.G0.Flavor, `line ${line} '${source}': ${problem}`, {
        fix: 'flavor accepts: latest=auto|true|false, prefix=<text>[,onlatest=true|false], suffix=<text>[,onlatest=true|false]'
    });
}
/** Parses the `flavor` lines (later lines win). */
function parseFlavor(lines) {
    const flavor = {
        latest: 'auto',
        prefix: '',
        suffix: '',
        prefixLatest: false,
        suffixLatest: false
    };
    lines.forEach((text, index) => {
        const source = text.trim();
        const line = index + 1;
        if (source === '' || source.startsWith('#'))
            return;
        const fields = splitFields(source);
        if (!fields)
            throw flavorError(line, source, 'a quoted field is not closed');
        let onLatestFor;
        for (const field of fields) {
            const [key, value] = splitAttribute(field);
            switch (key) {
                case 'latest':
                    if (value !== 'auto' && value !== 'true' && value !== 'false') {
                        throw flavorError(line, source, `latest='${value}' is not accepted`);
                    }
                    flavor.latest = value;
                    break;
                case 'prefix':
                case 'suffix':
                    flavor[key] = value;
                    onLatestFor = key;
                    break;
                case 'onlatest':
                    if ((value !== 'true' && value !== 'false') || !onLatestFor) {
                        throw flavorError(line, source, 'onlatest=true|false must follow prefix= or suffix=');
                    }
                    flavor[onLatestFor === 'prefix' ? 'prefixLatest' : 'suffixLatest'] = value === 'true';
                    break;
                default:
                    throw flavorError(line, source, `unknown flavor '${field}'`);
            }
        }
    });
    return flavor;
}

;// CONCATENATED MODULE: ./src/tags/sanitize.ts

/** Longest tag a registry accepts (TAG_PATTERN in src/constants.ts). */
const sanitize_MAX_TAG_LENGTH = 128;
const HASH_LENGTH = 8;
function shortHash(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text, 'utf8').digest('hex').slice(0, HASH_LENGTH);
}
/**
 * Makes any text a valid tag (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`), changing as little
 * as possible: each run of other characters becomes one `-` (as metadata-action does),
 * leading `.` and `-` are dropped, and a result over 128 characters is cut and ends in a
 * hash of the whole text, so long names that share their first 119 characters stay apart.
 * Text with no usable character at all becomes the hash.
 */
function sanitizeTag(text) {
    const changes = [];
    let tag = text.replace(/[^A-Za-z0-9._-]+/g, '-');
    if (tag !== text) {
        changes.push('characters other than letters, digits, _ . - became -');
    }
    const trimmed = tag.replace(/^[.-]+/, '');
    if (trimmed !== tag) {
        changes.push('a tag cannot start with . or -');
        tag = trimmed;
    }
    if (tag === '') {
        changes.push('nothing usable was left, so the tag is a hash of the name');
        return { tag: shortHash(text), changes };
    }
    if (tag.length > sanitize_MAX_TAG_LENGTH) {
        changes.push(`a tag has at most ${sanitize_MAX_TAG_LENGTH} characters, so it was cut and ends in a hash of the full name`);
        tag = `${tag.slice(0, sanitize_MAX_TAG_LENGTH - HASH_LENGTH - 1)}-${shortHash(text)}`;
    }
    return { tag, changes };
}

;// CONCATENATED MODULE: ./src/tags/template.ts
const EXPRESSION = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ARGUMENT = /\s*(?:([A-Za-z_][\w-]*)=)?(?:'([^']*)'|"([^"]*)"|([^\s'"]+))/y;
/**
 * Replaces every `{{…}}` in `template` with its helper's result. `fail` is called (and
 * must throw) for an unknown name or malformed arguments, with a message for the user.
 */
function renderTemplate(template, helpers, fail) {
    return template.replace(EXPRESSION, (whole, body) => {
        const name = /^[A-Za-z_]\w*/.exec(body)?.[0];
        if (!name || !Object.hasOwn(helpers, name)) {
            fail(`unknown expression ${whole}; accepted: ${Object.keys(helpers)
                .map(key => `{{${key}}}`)
                .join(', ')}`);
        }
        const args = [];
        const options = {};
        const rest = body.slice(name.length);
        ARGUMENT.lastIndex = 0;
        while (ARGUMENT.lastIndex < rest.length) {
            const match = ARGUMENT.exec(rest);
            if (!match)
                fail(`cannot read the arguments of ${whole}`);
            const [, key, single, double, bare] = match;
            const quoted = single ?? double;
            if (key)
                options[key] = quoted ?? bare;
            else
                args.push(quoted ?? (/^-?\d+(?:\.\d+)?$/.test(bare) ? bare : undefined));
            if (/^\s*$/.test(rest.slice(ARGUMENT.lastIndex)))
                break;
        }
        return helpers[name](args, options);
    });
}

;// CONCATENATED MODULE: ./src/tags/index.ts









/**
 * The rules used when `tags` is empty. Tag push `v2.3.4` → 2.3.4, 2.3, 2, latest; a
 * pre-release only its version; any other tag its name; a branch → its name and
 * sha-<7 hex>; a pull request → pr-<number>; a schedule → nightly and sha-<7 hex>;
 * anything else → sha-<7 hex>.
 */
const DEFAULT_TAG_RULES = [
    'type=schedule',
    'type=semver,pattern={{version}}',
    'type=semver,pattern={{major}}.{{minor}}',
    'type=semver,pattern={{major}}',
    'type=raw,value={{tag}},enable={{is_tag}} && {{is_not_semver_tag}}',
    'type=ref,event=branch,enable={{is_not_pull_request}}',
    'type=ref,event=pr',
    'type=sha,enable={{is_not_tag}} && {{is_not_pull_request}}'
];
function computeTags(options) {
    const { context } = options;
    // Both parsed before either is reported: a wrong rule and a wrong flavor line show together.
    const problems = new InputChecks();
    const [input, flavor] = problems.settle(problems.check(() => parseTagLines(options.rules, options.repositories)), problems.check(() => parseFlavor(options.flavor)));
    const written = input.rules.length > 0 || input.given.length > 0;
    const rules = written ? input.rules : parseTagLines(DEFAULT_TAG_RULES).rules;
    // Stable: rules of equal priority keep their order, as in metadata-action.
    const ordered = [...rules].sort((a, b) => b.priority - a.priority);
    const evaluator = new RuleEvaluator(context, flavor);
    const notices = [];
    // Tags written out come first, in their order: the first of them is the pull reference.
    const tags = [];
    for (const { tag } of input.given)
        if (!tags.includes(tag))
            tags.push(tag);
    const addTag = (text) => {
        const { tag, changes } = sanitizeTag(text);
        if (changes.length > 0) {
            const message = `'${text}' is pushed as '${tag}': ${changes.join('; ')}.`;
            if (!notices.some(notice => notice.message === message)) {
                notices.push({ title: 'Tag changed to be valid', message });
            }
        }
        if (!tags.includes(tag))
            tags.push(tag);
    };
    // metadata-action lets the first rule that gives a tag decide `latest=auto`.
    let autoLatest;
    const gaveNothing = [];
    for (const rule of ordered) {
        const produced = evaluator.enabled(rule) ? evaluator.produce(rule) : undefined;
        if (!produced || produced.value === '') {
            gaveNothing.push(rule.source);
            continue;
        }
        autoLatest ??= produced.latest;
        addTag(produced.value);
    }
    notices.push(...evaluator.notices);
    if (!context.sha && gaveNothing.length > 0) {
        notices.push({
            title: 'Not a git checkout',
            message: `No commit, branch or tag is known, so these rules cannot apply: ${gaveNothing.join('; ')}.${tags.length > 0 ? ' The other tags are used.' : ''}`
        });
    }
    const latest = flavor.latest === 'true' || (flavor.latest === 'auto' && autoLatest === true);
    if (latest && tags.length > 0) {
        addTag(`${flavor.prefixLatest ? evaluator.expand(flavor.prefix) : ''}latest${flavor.suffixLatest ? evaluator.expand(flavor.suffix) : ''}`);
    }
    const tried = ordered.map(rule => rule.source);
    if (tags.length === 0) {
        notices.push({
            title: 'No tags',
            message: `No tag rule applies to this ${context.eventName || context.event} build (event ${context.event}, ref '${context.ref}'); rules tried: ${tried.join('; ')}.`
        });
    }
    return { tags, version: tags[0] ?? '', tried, notices };
}
/** `{{raw}}` alone (spaces inside the braces allowed): the one pattern a pre-release keeps. */
function isRawPattern(pattern) {
    return /^\{\{\s*raw\s*\}\}$/.test(pattern);
}
/** A pre-release by semver or by PEP 440: never `latest`, whichever rule read it. */
function isPreRelease(text) {
    const version = tagVersionText(text);
    if ((0,semver/* parseSemver */.k)(version)?.prerelease !== undefined)
        return true;
    const pep440 = parsePep440(version);
    return pep440 !== undefined && isPep440PreRelease(pep440);
}
/** Evaluates rules against one build; collects notices about rules that could not apply. */
class RuleEvaluator {
    context;
    flavor;
    notices = [];
    helpers;
    line = 0;
    source = '';
    constructor(context, flavor) {
        this.context = context;
        this.flavor = flavor;
        this.helpers = globalExpressions(context, problem => this.fail(problem));
    }
    fail(problem) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Tags, `line ${this.line} '${this.source}': ${problem}`, {
            fix: 'see the rule reference in docs/tags.md (tags input)'
        });
    }
    /** Expands the global expressions (`{{branch}}`, `{{sha}}`, `{{date 'YYYYMMDD'}}`, …). */
    expand(text, helpers = this.helpers) {
        return renderTemplate(text, helpers, problem => this.fail(problem));
    }
    enabled(rule) {
        this.line = rule.line;
        this.source = rule.source;
        const enable = rule.attributes.enable;
        if (enable === undefined)
            return true;
        const terms = this.expand(enable)
            .split('&&')
            .map(term => term.trim());
        if (terms.some(term => term !== 'true' && term !== 'false')) {
            this.fail(`enable='${enable}' must be true, false, an expression such as {{is_default_branch}}, or several joined with &&`);
        }
        return terms.every(term => term === 'true');
    }
    /** The rule's tag (before sanitising), or undefined when it does not apply to this build. */
    produce(rule) {
        const value = this.value(rule);
        if (value === undefined)
            return undefined;
        return { value: this.affix(rule, value.text), latest: value.latest };
    }
    affix(rule, text) {
        const { prefix, suffix } = rule.attributes;
        return `${this.expand(prefix ?? this.flavor.prefix)}${text}${this.expand(suffix ?? this.flavor.suffix)}`;
    }
    value(rule) {
        const { context } = this;
        const { attributes } = rule;
        const plain = (text) => text === undefined ? undefined : { text, latest: false };
        switch (rule.type) {
            case 'schedule':
                return context.event === 'schedule'
                    ? plain(this.expand(attributes.pattern ?? 'nightly'))
                    : undefined;
            case 'semver':
            case 'pep440':
                return this.version(rule);
            case 'match':
                return this.match(rule);
            case 'edge': {
                const edgeBranch = attributes.branch || context.defaultBranch;
                return context.event !== 'pull_request' &&
                    context.branch !== undefined &&
                    context.branch === edgeBranch
                    ? plain('edge')
                    : undefined;
            }
            case 'ref':
                if (attributes.event === 'tag') {
                    return context.event === 'tag' && context.tag !== undefined
                        ? { text: context.tag, latest: !isPreRelease(context.tag) }
                        : undefined;
                }
                if (attributes.event === 'pr') {
                    return plain(context.event === 'pull_request' && context.prNumber !== undefined
                        ? String(context.prNumber)
                        : undefined);
                }
                return plain(context.event === 'branch' || context.event === 'schedule' ? context.branch : undefined);
            case 'raw':
                return plain(this.expand(attributes.value));
            case 'sha': {
                const sha = attributes.commit === 'merge' ? (context.mergeSha ?? context.sha) : context.sha;
                if (!sha)
                    return undefined;
                return plain(attributes.format === 'long' ? sha : shortSha({ ...context, sha }));
            }
        }
    }
    /** The text a semver, PEP 440 or match rule reads: `value=` when given, else the git tag. */
    versionSource(rule) {
        const given = rule.attributes.value ?? '';
        if (given !== '')
            return this.expand(given);
        return this.context.event === 'tag' ? this.context.tag : undefined;
    }
    version(rule) {
        let text = this.versionSource(rule);
        if (text === undefined)
            return undefined;
        const match = rule.attributes.match;
        if (match) {
            const found = this.regex(match).exec(text);
            if (found)
                text = found[1] ?? found[0];
            else {
                this.notices.push({
                    title: 'Pattern did not match',
                    message: `Line ${rule.line}: match=${match} does not match '${text}', so the whole text is read as the version.`
                });
            }
        }
        text = tagVersionText(text);
        const read = rule.type === 'pep440' ? readPep440(text) : readSemver(text);
        if (!read) {
            this.notices.push(rule.type === 'pep440'
                ? {
                    title: 'Not a PEP 440 version',
                    message: `Line ${rule.line}: '${text}' does not conform to PEP 440 (https://peps.python.org/pep-0440/), so the rule gives no tag.`
                }
                : {
                    title: 'Not a semantic version',
                    message: `Line ${rule.line}: '${text}' is not a semantic version (https://semver.org), so the rule gives no tag.`
                });
            return undefined;
        }
        const pattern = rule.attributes.pattern;
        // Pre-releases change often and break things: they only ever get their own version.
        if (read.unstable) {
            return { text: isRawPattern(pattern) ? text : read.normal, latest: false };
        }
        return { text: this.expand(pattern, read.helpers), latest: true };
    }
    /** metadata-action's reading of a pattern: `/re/flags`, or the whole text as a regex. */
    regex(pattern) {
        const literal = /^\/(.+)\/(.*)$/.exec(pattern);
        try {
            return literal ? new RegExp(literal[1], literal[2]) : new RegExp(pattern);
        }
        catch (error) {
            this.fail(`pattern is not a valid regular expression: ${error.message}`);
        }
    }
    match(rule) {
        const text = this.versionSource(rule);
        if (text === undefined)
            return undefined;
        const pattern = rule.attributes.pattern;
        const match = this.regex(pattern).exec(text);
        const group = Number(rule.attributes.group ?? '0');
        if (!match || match[group] === undefined) {
            this.notices.push({
                title: 'Pattern did not match',
                message: `Line ${rule.line}: ${pattern} ${match ? `has no group ${group} in` : 'does not match'} '${text}', so the rule gives no tag.`
            });
            return undefined;
        }
        return { text: match[group], latest: !isPreRelease(text) };
    }
}
/** The pattern helpers of a version: each returns its part as text. */
function readVersion(parts, unstable) {
    const helpers = Object.fromEntries(Object.entries(parts).map(([name, text]) => [name, () => text]));
    return { helpers, normal: parts.version, unstable };
}
function readSemver(text) {
    const version = (0,semver/* parseSemver */.k)(text);
    if (!version)
        return undefined;
    const { raw, major, minor, patch, prerelease } = version;
    return readVersion({ raw, version: version.version, major, minor, patch }, prerelease !== undefined);
}
function readPep440(text) {
    const version = parsePep440(text);
    if (!version)
        return undefined;
    const parts = {
        raw: version.raw,
        version: version.version,
        major: releasePart(version, 0),
        minor: releasePart(version, 1),
        patch: releasePart(version, 2)
    };
    return readVersion(parts, isPep440PreRelease(version) || version.postRelease !== undefined);
}

;// CONCATENATED MODULE: ./src/tags/metadata.ts






const DEFAULT_ANNOTATION_LEVELS = ['manifest'];
/**
 * Tags, version, labels and annotations of one build, as metadata-action computes them.
 * `labels` and `annotations` are metadata-action's input lines (`key=value`, expressions
 * allowed, blank and `#` lines skipped, lines without `=` ignored); `now` is the image's
 * `created` date (default: the context's build date).
 */
function computeMetadata(options) {
    const { context } = options;
    // Labels and annotations are read whatever the tags give: each input's problem is reported.
    const problems = new InputChecks();
    const computed = problems.check(() => computeTags(options));
    const created = options.now ?? new Date(context.date);
    // A build whose start is unknown (a log-in-only run, a bare context) states no `created`.
    const standard = ociAnnotations(context, computed?.version ?? '', Number.isNaN(created.getTime()) ? undefined : created);
    const userLines = (lines, input) => problems.check(() => withUserLines(standard, lines ?? [], input, context));
    const [tags, labels, annotations] = problems.settle(computed, userLines(options.labels, constants/* Inputs */.G0.Labels), userLines(options.annotations, constants/* Inputs */.G0.Annotations));
    const levels = context.annotationLevels ?? DEFAULT_ANNOTATION_LEVELS;
    return {
        ...tags,
        labels,
        annotations: levels.flatMap(level => annotations.map(line => `${level}:${line}`))
    };
}
/** The `org.opencontainers.image.*` set metadata-action writes; empty values when unknown. */
function ociAnnotations(context, version, created) {
    const repository = context.repository ?? {};
    const key = (name, value) => `org.opencontainers.image.${name}=${value ?? ''}`;
    return [
        key('title', repository.name),
        key('description', repository.description),
        key('url', repository.url),
        key('source', repository.url),
        key('version', version),
        key('created', created?.toISOString()),
        key('revision', context.sha),
        key('licenses', repository.license)
    ];
}
function withUserLines(standard, lines, input, context) {
    const entries = new Map();
    const add = (line) => {
        const equals = line.indexOf('=');
        if (equals !== -1)
            entries.set(line.slice(0, equals), line.slice(equals + 1));
    };
    standard.forEach(add);
    lines.forEach((text, index) => {
        const source = text.trim();
        if (source === '' || source.startsWith('#'))
            return;
        const fail = (problem) => {
            throw new errors/* InputError */.dz(input, `line ${index + 1} '${source}': ${problem}`, {
                fix: 'see "Labels and annotations" in docs/tags.md'
            });
        };
        add(renderTemplate(source, globalExpressions(context, fail), fail));
    });
    return [...entries].sort(([a], [b]) => compareKeys(a, b)).map(([key, value]) => `${key}=${value}`);
}
/** Keys of lower-case letters, digits, `.` and `-`: the OCI set's, and most users'. */
const PLAIN_KEY = /^[a-z0-9.-]*$/;
/**
 * metadata-action's order, en-US collation. Between plain keys it is code-unit order (the
 * collation puts `-` before `.` before digits before letters, and a key before its
 * extensions, as code units do): compared so, a run needs no collator, whose start-up costs
 * more than the rest of the plan.
 */
function compareKeys(a, b) {
    if (PLAIN_KEY.test(a) && PLAIN_KEY.test(b))
        return a < b ? -1 : a > b ? 1 : 0;
    return a.localeCompare(b, 'en-US');
}

;// CONCATENATED MODULE: ./src/engine/plan.ts





const OCI_PREFIX = 'oci:';
const ARCHIVE_PREFIX = 'docker-archive:';
/**
 * Reads the `image` input. '' → undefined (log in only).
 * - `oci:<dir>[:<tag>]`: the part after the last `:` is the tag when it is a valid tag (no
 *   `/`), so `oci:/builds/app:v1` is directory `/builds/app`, tag `v1`, and `oci:/a:b/layout`
 *   is directory `/a:b/layout`. A trailing `:` ends the directory: `oci:dir:v1:` is the
 *   directory `dir:v1`, no tag.
 * - `docker-archive:<file>`: everything after the prefix is the file.
 * - anything else: a reference or image ID in the local Docker engine.
 */
function parseImageSource(image) {
    const value = image.trim();
    if (value === '')
        return undefined;
    if (value.startsWith(OCI_PREFIX))
        return parseOciLayout(value.slice(OCI_PREFIX.length));
    if (value.startsWith(ARCHIVE_PREFIX)) {
        const path = value.slice(ARCHIVE_PREFIX.length);
        if (path === '')
            throw missingPath(ARCHIVE_PREFIX, 'docker-archive:./app.tar');
        return { kind: 'docker-archive', path };
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Image, `'${value}' is a URL, not an image`, {
            fix: "Name a local Docker image ('app:1.0'), an OCI layout ('oci:<dir>') or a 'docker save' tarball ('docker-archive:<file>')"
        });
    }
    return { kind: 'docker', reference: value };
}
function parseOciLayout(rest) {
    const colon = rest.lastIndexOf(':');
    const candidate = colon === -1 ? undefined : rest.slice(colon + 1);
    const hasTag = candidate !== undefined && (candidate === '' || constants/* TAG_PATTERN */.A0.test(candidate));
    const path = hasTag ? rest.slice(0, colon) : rest;
    if (path === '')
        throw missingPath(OCI_PREFIX, 'oci:./layout or oci:./layout:1.0');
    return hasTag && candidate ? { kind: 'oci', path, tag: candidate } : { kind: 'oci', path };
}
function missingPath(prefix, example) {
    return new errors/* InputError */.dz(constants/* Inputs */.G0.Image, `'${prefix}' names no path`, {
        fix: `Write the path after the prefix, e.g. '${example}'`
    });
}
/**
 * Everything a run will do, computed without touching anything: the targets (every registry
 * host × every repository, in the order given), the qualified username and the tag references. Every setting that cannot work
 * is reported before a byte is sent: all of them at once (`InputErrors`; one alone as its
 * `InputError`), which a face adds to the problems it found while reading its inputs.
 *
 * Each input is checked on its own, except where a check needs what another gives; then it
 * waits for that one to be right, so that one mistake is reported once:
 * - the namespace (only when empty: a signed run needs none) and the username wait for `auth`;
 * - the username and identity domain are qualified with the namespace;
 * - a repository derived from the image waits for `image`;
 * - full references in `tags` are compared with the repository only when registry, namespace
 *   and repository are all right.
 */
function createPlan(settings, git) {
    const problems = new InputChecks();
    const registries = problems.check(() => resolveRegistries({ region: settings.region, registry: settings.registry }));
    const auth = problems.check(() => parseAuth(settings.auth));
    // An API key and an OIDC token both sign OCI requests (`signed`).
    const signed = auth !== undefined && auth !== constants/* AuthMethods */.FL.AuthToken;
    const givenNamespace = settings.namespace.trim();
    // A signed dry run looks nothing up: the namespace it would discover is shown so.
    const namespace = auth === undefined && !givenNamespace
        ? undefined
        : signed && !settings.push && !givenNamespace
            ? NAMESPACE_PLACEHOLDER
            : problems.check(() => validateNamespace(settings.namespace));
    // A signed run logs in to OCIR as Docker does with a bearer token: no user name to qualify.
    const user = auth === undefined || namespace === undefined
        ? undefined
        : signed
            ? { username: constants/* BEARER_TOKEN_USERNAME */.DC, notices: [] }
            : problems.check(() => qualifyUsernameWithNotices({
                namespace,
                username: settings.username,
                identityDomain: settings.identityDomain
            }));
    if (auth === constants/* AuthMethods */.FL.AuthToken && settings.compartment.trim()) {
        problems.add(new errors/* InputError */.dz(constants/* Inputs */.G0.Compartment, `needs ${constants/* Inputs */.G0.Auth}: ${constants/* AuthMethods */.FL.ApiKey} or ${constants/* AuthMethods */.FL.Oidc}`, {
            fix: `Ensuring the repository calls OCI's Artifacts API, which takes signed requests: set ${constants/* Inputs */.G0.Auth}: ${constants/* AuthMethods */.FL.ApiKey} with tenancy-ocid, user-ocid, fingerprint and private-key, or ${constants/* Inputs */.G0.Auth}: ${constants/* AuthMethods */.FL.Oidc}, or remove ${constants/* Inputs */.G0.Compartment}`
        }));
    }
    // What was asked for decides the mode, and which checks apply, whether or not it is right.
    const imageGiven = settings.image.trim() !== '';
    const merging = settings.mergeDigests.length > 0;
    const source = problems.check(() => parseImageSource(settings.image));
    const mergeDigests = merging ? problems.check(() => parseMergeDigests(settings)) : undefined;
    if (settings.pushByDigest && !imageGiven && !merging) {
        problems.add(new errors/* InputError */.dz(constants/* Inputs */.G0.PushByDigest, 'needs an image to push', {
            fix: 'Set image to the platform image this job built; a later job joins the digests with merge-digests'
        }));
    }
    // The namespace only refuses a repository that repeats it: unknown, it is left out. [''] is
    // no repository: log in only.
    const repositories = settings.repository
        ? problems.check(() => validateRepositories(settings.repository, namespace))
        : source
            ? problems.check(() => [defaultRepository(nameOf(source), namespace)])
            : imageGiven
                ? undefined
                : [''];
    const repositoryReferences = repositories?.[0] === ''
        ? []
        : registries && namespace && repositories
            ? registries.flatMap(({ host }) => repositories.map(repository => `${host}/${namespace}/${repository}`))
            : undefined;
    const notices = [];
    const metadataSettings = [settings.tags, settings.flavor, settings.labels, settings.annotations];
    if (settings.pushByDigest && metadataSettings.some(lines => lines.length > 0)) {
        notices.push({
            title: 'Tags not used',
            message: 'push-by-digest pushes no tag: tags, flavor, labels and annotations belong to the job that merges the digests'
        });
    }
    // push: false without an image stands in for metadata-action before the build step: it
    // computes what a later push to the repository gets.
    const beforeBuild = !settings.push && !imageGiven && !merging && repositories?.[0] !== '';
    const tagged = (imageGiven && !settings.pushByDigest) || merging || beforeBuild;
    const planned = tagged
        ? problems.check(() => planMetadata(settings, git, repositoryReferences, notices))
        : NO_METADATA;
    const ensureRepository = signed && repositories?.[0] !== '' ? repositoryEnsure(settings, problems) : undefined;
    const [hosts, checkedNamespace, qualified, checkedRepositories, { tags, ...metadata }] = problems.settle(registries, namespace, user, repositories, planned);
    const targets = hosts.flatMap(host => checkedRepositories.map(repository => planTarget(host, checkedNamespace, repository, tags, {
        signed,
        ...(ensureRepository ? { ensureRepository } : {})
    })));
    const [first] = targets;
    const common = {
        ...first,
        targets,
        namespace: checkedNamespace,
        username: qualified.username,
        tags,
        ...metadata,
        push: settings.push,
        notices: [...qualified.notices, ...notices]
    };
    if (mergeDigests)
        return { ...common, mode: 'merge', digests: mergeDigests };
    if (!source)
        return { ...common, mode: 'login' };
    return { ...common, mode: settings.pushByDigest ? 'push-by-digest' : 'push', source };
}
/** One host and repository of the plan, with the tags' references there. */
function planTarget(host, namespace, repository, tags, options) {
    const repositoryPath = repository ? `${namespace}/${repository}` : '';
    const reference = repositoryPath ? `${host.host}/${repositoryPath}` : '';
    const ociRegion = options.signed ? host.region : undefined;
    return {
        registry: host.host,
        ...(host.scheme ? { registryScheme: host.scheme } : {}),
        hostInput: host.input,
        repository,
        repositoryPath,
        repositoryReference: reference,
        references: tags.map(tag => `${reference}:${tag}`),
        ...(ociRegion ? { ociRegion } : {}),
        ...(options.ensureRepository ? { ensureRepository: options.ensureRepository } : {})
    };
}
/** What a signed dry run without `namespace` shows where the discovered one goes. */
const NAMESPACE_PLACEHOLDER = '<namespace>';
function parseAuth(value) {
    const auth = value.trim() || constants/* AuthMethods */.FL.AuthToken;
    const known = Object.values(constants/* AuthMethods */.FL);
    if (known.includes(auth))
        return auth;
    throw new errors/* InputError */.dz(constants/* Inputs */.G0.Auth, `'${value}' is not a way to sign in`, {
        fix: `Write ${constants/* Inputs */.G0.Auth}: ${constants/* AuthMethods */.FL.AuthToken} (username and auth-token), ${constants/* Inputs */.G0.Auth}: ${constants/* AuthMethods */.FL.ApiKey} (tenancy-ocid, user-ocid, fingerprint, private-key) or ${constants/* Inputs */.G0.Auth}: ${constants/* AuthMethods */.FL.Oidc} (oidc-domain-url, oidc-client-id, oidc-client-secret)`
    });
}
/**
 * The region whose OCI APIs a signed run calls before it has a plan (the namespace lookup):
 * the first `region`, else the one the first registry host names (`fra.ocir.io`); undefined
 * for other hosts.
 */
function ociRegionOf(settings) {
    const [region = ''] = listedValues(settings.region);
    const [registry = ''] = listedValues(settings.registry);
    return findRegion(region) ?? regionOfHost(registryHostOf(registry));
}
const COMPARTMENT_OCID = /^ocid1\.(compartment|tenancy)\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$/;
/** The repository `compartment` makes exist; undefined without one, or when a value is wrong. */
function repositoryEnsure(settings, problems) {
    const compartmentId = settings.compartment.trim();
    if (!compartmentId)
        return undefined;
    const compartment = problems.check(() => {
        if (COMPARTMENT_OCID.test(compartmentId))
            return compartmentId;
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Compartment, `'${compartmentId}' is not a compartment OCID`, {
            fix: 'Set compartment to the OCID of the compartment (ocid1.compartment.oc1..…; the tenancy OCID for the root compartment), as the console shows it under Identity → Compartments'
        });
    });
    const visibility = problems.check(() => {
        const value = settings.repositoryVisibility.trim().toLowerCase() || 'private';
        if (value === 'private' || value === 'public')
            return value;
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.RepositoryVisibility, `must be 'private' or 'public'; got '${settings.repositoryVisibility}'`, { fix: `Write ${constants/* Inputs */.G0.RepositoryVisibility}: private (the default) or public` });
    });
    if (!compartment || !visibility)
        return undefined;
    return {
        compartmentId: compartment,
        isPublic: visibility === 'public',
        isImmutable: settings.immutable
    };
}
/** Log in only, and push by digest: the tags and their metadata belong to another run. */
const NO_METADATA = { tags: [], version: '', labels: [], annotations: [] };
/**
 * The tags the rules give for this build (at least one), the version, labels and annotations;
 * their notices added to `notices`. `repositoryReferences` undefined: not known (another input
 * is wrong), so full references in `tags` are not compared with them.
 */
function planMetadata(settings, git, repositoryReferences, notices) {
    const computed = computeMetadata({
        rules: settings.tags,
        repositories: repositoryReferences,
        flavor: settings.flavor,
        labels: settings.labels,
        annotations: settings.annotations,
        context: git
    });
    if (computed.tags.length === 0) {
        const event = [git.eventName, git.ref].filter(Boolean).join(' ');
        const rules = settings.tags.length === 0 ? 'the default rules' : 'the rules';
        // Outside a git checkout no rule that reads git can apply; only a tag written out can.
        const build = git.sha ? `this build (${event})` : 'a build outside a git checkout (no commit)';
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Tags, `no tag rule applies to ${build}; ${rules} tried: ${computed.tried.join('; ')}`, {
            fix: git.sha
                ? "Add a rule that applies to every build, e.g. 'type=sha' or 'type=raw,value=latest'"
                : "Give a tag written out (e.g. 'v1'), or run inside a git checkout"
        });
    }
    notices.push(...computed.notices);
    const { tags, version, labels, annotations } = computed;
    return { tags, version, labels, annotations };
}
/** Every registry host of the plan once, in its order: each is logged into and out of. */
function planHosts(plan) {
    return [...new Set(plan.targets.map(target => target.registry))];
}
/** The targets as messages name them: their repositories, or their hosts for a login only. */
function describeTargets(plan) {
    return plan.repositoryReference
        ? plan.targets.map(target => target.repositoryReference).join(', ')
        : planHosts(plan).join(', ');
}
/** True when the run pushes an image: a source, or an index merged from digests. */
function pushesImage(plan) {
    return plan.mode !== 'login';
}
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
/**
 * Reads `merge-digests` (not empty). The index is made of images already in the repository,
 * so there must be no image and an explicit repository.
 */
function parseMergeDigests(settings) {
    if (settings.pushByDigest) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.MergeDigests, 'cannot be combined with push-by-digest', {
            fix: 'Set push-by-digest: true (with image) in each platform job, and merge-digests (without image) in the one job that joins them'
        });
    }
    if (settings.image.trim()) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Image, 'must be empty with merge-digests', {
            fix: 'merge-digests joins images the platform jobs already pushed; remove image from this step'
        });
    }
    if (!settings.repository.trim()) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Repository, 'is required with merge-digests', {
            fix: 'Set repository to the repository the platform jobs pushed their digests to (project/app)'
        });
    }
    const seen = new Set();
    for (const digest of settings.mergeDigests) {
        if (!DIGEST_PATTERN.test(digest)) {
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.MergeDigests, `'${digest}' is not a digest`, {
                fix: digest.includes('@')
                    ? "Pass each platform job's digest output (sha256:…), not its pinned-reference"
                    : "Write one digest per line, 'sha256:' and 64 lower-case hex digits: the digest output of each push-by-digest job"
            });
        }
        if (seen.has(digest)) {
            throw new errors/* InputError */.dz(constants/* Inputs */.G0.MergeDigests, `${digest} is listed twice`, {
                fix: "List each platform job's digest once; if two jobs pushed the same digest, they built the same platform"
            });
        }
        seen.add(digest);
    }
    return [...seen];
}
/** What names the default repository: the image reference, or a layout's or tarball's base name. */
function nameOf(source) {
    if (source.kind === 'docker')
        return source.reference;
    const base = source.path.replace(/\/+$/, '').split('/').pop() ?? '';
    return base.replace(/\.(tar|tar\.gz|tgz)$/i, '');
}
/** The image source as the faces show it: `app:1.0 (local Docker engine)`. */
function describeSource(source) {
    switch (source.kind) {
        case 'docker':
            return `${source.reference} (local Docker engine)`;
        case 'oci':
            return `${source.path}${source.tag ? ` tag ${source.tag}` : ''} (OCI image layout)`;
        case 'docker-archive':
            return `${source.path} (docker save tarball)`;
    }
}

;// CONCATENATED MODULE: ./src/engine/settings.ts

/** True when the settings sign OCI requests (an API key, an OIDC session) rather than send an auth token. */
function signsRequests(settings) {
    const auth = settings.auth.trim();
    return auth === constants/* AuthMethods */.FL.ApiKey || auth === constants/* AuthMethods */.FL.Oidc;
}

;// CONCATENATED MODULE: ./src/engine/api-key.ts
// Signing in with OCI request signatures, by an API key (loaded and checked here) or by a
// session token got through an OIDC token (./oidc.ts): the namespace looked up, the repository
// ensured, and registry bearer tokens got by signed requests. OCI's failures carry their fix
// and the input at fault already (src/oci/errors.ts).





function isSigned(credentials) {
    return 'kind' in credentials;
}
/** True when the settings ask to sign in with an API key. */
function usesApiKey(settings) {
    return settings.auth.trim() === constants/* AuthMethods */.FL.ApiKey;
}
/** The key, checked before anything is sent (a wrong passphrase or fingerprint fails here). */
function loadApiKeyCredentials(settings) {
    return { kind: constants/* AuthMethods */.FL.ApiKey, principal: apiKeyPrincipal(loadApiKey(settings)) };
}
/** A client that signs as the principal does now (a session token renewed when due). */
async function ociClient(principal) {
    return {
        send: createNodeSend(),
        signer: await principal.signer(),
        credential: principal.credential
    };
}
/**
 * True when the run looks the tenancy namespace up with signed requests: none is given and
 * the run pushes (a dry run shows `<namespace>` and looks nothing up). The plan needs the
 * answer, so the faces report what is wrong with the key and the inputs read before it first.
 */
function looksUpNamespace(settings) {
    return signsRequests(settings) && settings.push && !settings.namespace.trim();
}
/** The settings with the tenancy namespace filled in from Object Storage (see `looksUpNamespace`). */
async function discoverNamespace(settings, credentials, deps) {
    if (!looksUpNamespace(settings))
        return settings;
    const endpoint = endpointFor(objectStorageEndpoint, OBJECT_STORAGE_ENDPOINT_VARIABLE, ociRegionOf(settings), deps.endpointEnv);
    const namespace = await lookUpNamespace(await ociClient(credentials.principal), {
        endpoint,
        signal: deps.signal
    });
    deps.logger.info(`Namespace ${namespace} (looked up in Object Storage)`);
    return { ...settings, namespace };
}
/**
 * Makes the plan's repository exist in its compartment before anything is pushed; resolves to
 * its OCID. One that exists elsewhere or otherwise is reported, never changed.
 */
async function ensurePlannedRepository(plan, credentials, deps) {
    const wanted = plan.ensureRepository;
    if (!wanted)
        return undefined;
    const endpoint = endpointFor(artifactsEndpoint, ARTIFACTS_ENDPOINT_VARIABLE, plan.ociRegion, deps.endpointEnv);
    const { principal } = credentials;
    const result = await ensureRepository(await ociClient(principal), {
        endpoint,
        compartmentId: wanted.compartmentId,
        displayName: plan.repository,
        isPublic: wanted.isPublic,
        isImmutable: wanted.isImmutable,
        ...(principal.tenancyOcid ? { tenancyOcid: principal.tenancyOcid } : {}),
        signal: deps.signal
    });
    const { repository } = result;
    switch (result.outcome) {
        case 'created':
            deps.logger.info(`Created ${repository.isPublic ? 'public' : 'private'}${repository.isImmutable ? ', immutable' : ''} repository ${plan.repository} (${repository.id})`);
            break;
        case 'found':
            deps.logger.info(`Repository ${plan.repository} exists (${repository.id})`);
            break;
        case 'differs':
            deps.logger.warning(`Repository ${plan.repository} exists and is left as it is: ${result.differences
                .map(difference => `${difference.property} is ${difference.actual}, not ${difference.wanted}`)
                .join('; ')}`, 'Repository not as asked');
    }
    return repository.id;
}
/** Registry tokens by a signed GET of the realm (the registry client masks each as it arrives). */
function signedTokenSource(principal) {
    return async ({ realm, service, scopes, send }) => requestRegistryToken({ send, signer: await principal.signer(), credential: principal.credential }, { realm, service, scopes });
}
/** An OCI service's endpoint in the region; without one, only its override variable can say. */
function endpointFor(endpoint, variable, region, env) {
    if (!region && !env[variable]?.trim()) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Region, "names no OCI region, and OCI's APIs are regional", {
            fix: `Set ${constants/* Inputs */.G0.Region} to the registry's region (fra, eu-frankfurt-1), or ${variable} to the service's URL`
        });
    }
    return endpoint(region?.identifier ?? '', region?.realmDomain ?? '', env);
}

;// CONCATENATED MODULE: ./src/engine/run.ts













/**
 * The auth token the engine sends with the username the plan qualified: checked and trimmed
 * once (a notice says when whitespace was removed).
 */
function checkAuthToken(rawToken, logger) {
    const { token, notices } = validateAuthToken(rawToken);
    for (const notice of notices)
        logger.warning(notice.message, notice.title);
    return token;
}
/**
 * The one run both faces start: logs in to every host of the plan, pushes what the plan says
 * to each target, and tells how it ended. It never throws for a failure of the run: the result
 * carries it, with the outputs of what was pushed before it. A target that fails does not stop
 * the others. Aborting `signal` stops docker commands and registry requests and resolves to
 * `cancelled` once nothing is left in flight.
 */
async function run(plan, credentials, deps, signal) {
    const { logger } = deps;
    try {
        const hosts = hostPlans(plan);
        const logins = await logger.group(`Log in to ${planHosts(plan).join(', ')}`, () => logInEach(hosts, credentials, deps, signal));
        // Cancelled: whatever each part made of it, the run stopped.
        if (signal.aborted)
            return { status: 'cancelled', reason: signal.reason };
        if (!pushesImage(plan))
            return loggedIn(plan, hosts, logins);
        const states = await pushToTargets(plan, logins, deps, signal);
        if (signal.aborted)
            return { status: 'cancelled', reason: signal.reason };
        return ended(plan, states);
    }
    catch (error) {
        if (signal.aborted)
            return { status: 'cancelled', reason: signal.reason };
        return { status: 'failed', error };
    }
}
/** The plan of each of its targets alone: what a run with that one target would do. */
function targetPlans(plan) {
    return plan.targets.map(target => ({ ...plan, ...target, targets: [target] }));
}
/**
 * The plan of each registry host alone, in the plan's order, with the targets there (a login
 * is per host): its own fields are its first target's.
 */
function hostPlans(plan) {
    return planHosts(plan).map(host => {
        const targets = plan.targets.filter(target => target.registry === host);
        return { ...plan, ...targets[0], targets };
    });
}
/**
 * Signs in to every host at once, then stores each login in turn (one client configuration
 * file holds them all, and two writers at once would lose one).
 */
async function logInEach(hosts, credentials, deps, signal) {
    const signedIn = await Promise.allSettled(hosts.map(host => signIn(host, credentials, deps, signal)));
    const logins = new Map();
    for (const [index, host] of hosts.entries()) {
        const signed = signedIn[index];
        if (signed.status === 'fulfilled') {
            try {
                await login(host, signed.value.credentials, deps, signal);
            }
            catch (error) {
                logins.set(host.registry, { status: 'rejected', reason: error });
                continue;
            }
        }
        logins.set(host.registry, signed);
    }
    return logins;
}
/** A run that only logs in: it failed where a host's login did. */
function loggedIn(plan, hosts, logins) {
    const failures = hosts.flatMap(host => {
        const login = logins.get(host.registry);
        return login?.status === 'rejected' ? [new errors/* TargetError */.I0(host.registry, login.reason)] : [];
    });
    if (failures.length === 0)
        return { status: 'succeeded', outputs: toOutputs(plan) };
    return {
        status: 'failed',
        error: hosts.length === 1 ? failures[0].failure : new errors/* TargetErrors */.Xw(failures, hosts.length)
    };
}
/**
 * How the run ended from each target's state: succeeded when every target was pushed; else
 * failed with the one target's failure, or each failed target's (`TargetErrors`), and the
 * outputs of what exists when any target holds something.
 */
function ended(plan, states) {
    const failures = plan.targets.flatMap((target, index) => {
        const state = states[index];
        return 'error' in state
            ? [new errors/* TargetError */.I0(target.repositoryReference || target.registry, state.error)]
            : [];
    });
    if (failures.length === 0) {
        const pushes = states.flatMap(state => ('result' in state ? [state.result] : []));
        return { status: 'succeeded', outputs: toOutputs(plan, states), pushes };
    }
    const holds = states.some(state => 'result' in state || state.digest);
    return {
        status: 'failed',
        error: states.length === 1 ? failures[0].failure : new errors/* TargetErrors */.Xw(failures, states.length),
        ...(holds ? { outputs: toOutputs(plan, states) } : {})
    };
}
/**
 * The credentials to store for the host of `plan`: an auth token's as they are; for signed
 * runs, a registry token got by a signed request (with push scope for every repository the
 * run pushes to there, for `docker push` to use), under `BEARER_TOKEN`.
 */
async function signIn(plan, credentials, deps, signal) {
    if (!isSigned(credentials))
        return { credentials, auth: credentials };
    const tokenSource = signedTokenSource(credentials.principal);
    const client = registryClient(plan, tokenSource, { ...deps, signal });
    const repositories = plan.targets.flatMap(target => target.repositoryPath ? [target.repositoryPath] : []);
    const token = await diagnosed(failureContext(plan, { username: constants/* BEARER_TOKEN_USERNAME */.DC, token: '' }), () => client.loginToken(repositories));
    if (!token) {
        throw new errors/* RegistryError */.gl(`${plan.registry} does not ask for bearer tokens`, {
            fix: `Signing in with auth: ${credentials.kind} needs OCIR (a registry whose /v2/ answers with a Bearer challenge); set region or registry to an OCIR host, or sign in with auth: auth-token`
        });
    }
    return {
        credentials: { username: constants/* BEARER_TOKEN_USERNAME */.DC, token },
        auth: tokenSource,
        signed: credentials
    };
}
/**
 * Stores the registry credentials (the token from `checkAuthToken`) in the client configuration,
 * always in config.json, never a credential helper. A push writes them directly, as
 * `docker login` would, and the push's pre-flight proves them against the registry before
 * anything is uploaded: that saves a Docker process and its round trips. A run that only
 * logs in has nothing else to prove them, so `docker login` does.
 */
async function login(plan, credentials, deps, signal) {
    const { username, token } = credentials;
    if (plan.mode !== 'login') {
        await writeAuth(deps.dockerConfigDir, plan.registry, username, token);
        deps.logger.info(`Stored credentials for ${plan.registry} as ${credentials.username}`);
        return;
    }
    const overridden = await storeLoginInFile(deps.dockerConfigDir, plan.registry);
    await diagnosed(failureContext(plan, credentials), () => deps.docker.login(plan.registry, username, token, signal)).catch(async (error) => {
        // A refused login stored nothing: the user's credential helper applies again.
        if (overridden)
            await dropLoginInFile(deps.dockerConfigDir, plan.registry);
        throw error;
    });
    deps.logger.info(`Logged in to ${plan.registry} as ${credentials.username}`);
}
/**
 * Ensures each target's repository where the plan asks (signed runs with `compartment`), then
 * pushes the plan's source to every target whose login and repository are in order, or joins
 * the plan's digests into one index in each; resolves to each target's state, in order.
 */
async function pushToTargets(plan, logins, deps, signal) {
    // Cancelled while logging in: nothing is sent.
    signal.throwIfAborted();
    const targets = targetPlans(plan);
    const several = targets.length > 1;
    // Grows with every Bearer token the registries hand out: a registry that quotes one back in
    // an error body gets it redacted like the auth token.
    const secrets = [...logins.values()].flatMap(login => login.status === 'fulfilled' ? [login.value.credentials.token] : []);
    const onSecret = (value) => {
        secrets.push(value);
        deps.onSecret?.(value);
    };
    const controllers = targets.map(() => new AbortController());
    const cancel = () => {
        for (const controller of controllers)
            controller.abort(signal.reason);
    };
    signal.addEventListener('abort', cancel, { once: true });
    try {
        const runs = targets.map((target, index) => {
            const login = logins.get(target.registry);
            if (login.status === 'rejected')
                return { error: login.reason };
            const controller = controllers[index];
            const label = target.repositoryReference;
            return {
                plan: target,
                signedIn: login.value,
                controller,
                deps: {
                    ...deps,
                    ...(several ? labelled(deps, label) : {}),
                    onSecret,
                    signal: controller.signal
                }
            };
        });
        const context = (run) => ({
            ...failureContext(run.plan, run.signedIn.credentials),
            secrets
        });
        // Before any blob: a repository must be where it belongs before a push creates it.
        const ensured = await ensureRepositories(runs, deps.logger);
        const ready = runs.map((run, index) => {
            const ensure = ensured[index];
            return 'error' in run || ensure?.status !== 'rejected' ? run : { error: ensure.reason };
        });
        const live = ready.filter((run) => !('error' in run));
        const outcomes = await deps.logger.group(`Push to ${live.map(run => run.plan.repositoryReference).join(', ')}`, () => 
        // The source itself could not be read (a missing image, no Docker): the run's failure.
        pushLive(plan, live, deps, signal).catch((error) => {
            throw explainFailure(error, context(live[0]));
        }));
        return ready.map((run, index) => {
            if ('error' in run)
                return failedState(run.error);
            const outcome = outcomes[live.indexOf(run)];
            if (outcome.status === 'rejected') {
                return failedState(explainFailure(outcome.reason, context(run)));
            }
            const ocid = ensured[index];
            const repositoryOcid = ocid?.status === 'fulfilled' ? ocid.value : undefined;
            return { result: repositoryOcid ? { ...outcome.value, repositoryOcid } : outcome.value };
        });
    }
    finally {
        signal.removeEventListener('abort', cancel);
    }
}
/** A target's state from its failure: a partial push names what exists there. */
function failedState(error) {
    return error instanceof PartialPushError
        ? { error, digest: error.digest, pushed: error.pushed }
        : { error, pushed: [] };
}
/** `deps`' log and progress with each line starting with `label`: targets' lines interleave. */
function labelled(deps, label) {
    return {
        logger: labelledLogger(deps.logger, label),
        ...(deps.progress ? { progress: labelledProgress(deps.progress, label) } : {})
    };
}
/**
 * Makes each target's repository exist in its compartment (signed runs with `compartment`),
 * all at once; settles with each one's OCID, or is undefined where nothing was asked.
 */
async function ensureRepositories(runs, logger) {
    const wanted = (run) => !('error' in run) &&
        run.signedIn.signed !== undefined &&
        run.plan.ensureRepository !== undefined;
    const names = [...new Set(runs.filter(wanted).map(run => run.plan.repository))];
    if (names.length === 0)
        return [];
    return logger.group(`Ensure ${names.length > 1 ? 'repositories' : 'repository'} ${names.join(', ')}`, () => Promise.all(runs.map(run => wanted(run)
        ? settled(ensurePlannedRepository(run.plan, run.signedIn.signed, run.deps))
        : undefined)));
}
/** How `promise` settles, as `Promise.allSettled` tells it. */
async function settled(promise) {
    return promise.then(value => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason }));
}
/** Pushes to every target that can be pushed to, by the plan's source; settles per target. */
function pushLive(plan, runs, deps, signal) {
    if (runs.length === 0)
        return Promise.resolve([]);
    const clientOf = (run) => registryClient(run.plan, run.signedIn.auth, run.deps);
    const pushTarget = (run) => ({
        client: clientOf(run),
        repository: run.plan.repositoryPath,
        tags: run.plan.tags,
        controller: run.controller,
        ...(run.deps.progress ? { progress: run.deps.progress } : {})
    });
    if (plan.mode === 'merge') {
        return Promise.allSettled(runs.map(run => mergeIndex(clientOf(run), run.plan.repositoryPath, plan.digests, plan.tags)));
    }
    const source = plan.source;
    const dockerDeps = {
        docker: deps.docker,
        signal,
        temporaryDirectory: deps.temporaryDirectory,
        logger: deps.logger,
        imageSize: deps.imageSize === true
    };
    switch (source.kind) {
        case 'docker':
            return plan.mode === 'push-by-digest'
                ? pushDockerImageByDigest(source, runs.map(pushTarget), dockerDeps)
                : pushFromDockerEngine(source, runs.map(run => ({
                    ...pushTarget(run),
                    plan: run.plan,
                    logger: run.deps.logger
                })), dockerDeps);
        case 'oci':
        case 'docker-archive':
            // No Docker involved: the registry API directly, blobs in parallel, tags by fan-out.
            return pushImageToTargets(source, runs.map(pushTarget), {
                scratchParent: deps.temporaryDirectory
            });
    }
}
/**
 * The one place the engine makes a registry client. For an OCIR host the token realm is
 * known, so the client asks for a token at once rather than pinging `/v2/` first.
 */
function registryClient(plan, auth, deps) {
    const known = ocirTokenRealm(plan.registry);
    return new RegistryClient({
        registry: plan.registry,
        scheme: plan.registryScheme,
        ...(known ? { knownChallenge: { scheme: 'bearer', params: known } } : {}),
        ...(typeof auth === 'function' ? { tokenSource: auth } : { credentials: auth }),
        logger: deps.logger,
        signal: deps.signal,
        ...(deps.onSecret ? { onSecret: deps.onSecret } : {})
    });
}

;// CONCATENATED MODULE: ./src/engine/oidc.ts
// Signing in without a stored OCI secret (`auth: oidc`): the job's OIDC token is exchanged at
// the identity domain for a session token bound to a key pair made for this run; from there
// on the run signs as with an API key (./api-key.ts), renewing the session token when due.


/** True when the settings ask to sign in through an OIDC token. */
function usesOidc(settings) {
    return settings.auth.trim() === constants/* AuthMethods */.FL.Oidc;
}
/**
 * The settings checked and the first session token got, before anything is planned: a
 * missing `id-token: write`, a refused exchange or a wrong audience fails here.
 */
async function startOidcCredentials(settings, source, deps) {
    const target = oidcTarget(settings);
    const session = await startOidcSession({
        target,
        source,
        send: createNodeSend(),
        onSecret: value => deps.onSecret(value),
        ...(deps.signal ? { signal: deps.signal } : {})
    });
    const { iss = '(no issuer)', sub = '(no subject)' } = session.subject;
    deps.logger.info(`Signed in to OCI with the OIDC token of ${iss} (subject ${sub}), exchanged at ` +
        `${new URL(target.domainUrl).host} for a session token valid ${Math.round(session.lifetimeSeconds / 60)} min`);
    return { kind: constants/* AuthMethods */.FL.Oidc, principal: session };
}

;// CONCATENATED MODULE: ./src/engine/prepare.ts




/**
 * The plan and what signs in, with every input checked before anything is sent: what is
 * wrong with the key, the settings and the auth token is reported together (`problems`, which
 * holds what the face found while reading). Only a namespace looked up with signed requests
 * waits: the lookup needs a good key (or the OIDC exchange), so the problems found before it
 * are reported first; an OIDC token is otherwise exchanged once the settings are right.
 * `checkPlan` adds a face's own check of a right plan; `planned` sees the plan, right or not.
 */
async function prepareRun(settings, build, sources, problems, deps) {
    const sends = settings.push;
    const signs = sends && signsRequests(settings);
    const apiKey = signs && usesApiKey(settings) ? await problems.checkAsync(sources.apiKey) : undefined;
    const looksUp = looksUpNamespace(settings);
    if (looksUp)
        problems.throwIfAny();
    const oidc = () => signs && usesOidc(settings) ? sources.oidc() : undefined;
    let signed = apiKey ?? (looksUp ? await oidc() : undefined);
    const planned = signed ? await discoverNamespace(settings, signed, deps) : settings;
    const git = await build();
    const checkedPlan = problems.check(() => createPlan(planned, git));
    deps.planned?.(checkedPlan);
    const planProblem = checkedPlan && deps.checkPlan?.(checkedPlan);
    if (planProblem)
        problems.add(planProblem);
    const token = sends && !signs ? await problems.checkAsync(sources.authToken) : '';
    const [plan, authToken] = problems.settle(checkedPlan, token);
    if (!sends)
        return { plan, git };
    signed ??= await oidc();
    return { plan, git, credentials: signed ?? { username: plan.username, token: authToken } };
}

// EXTERNAL MODULE: ./src/action/environment.ts + 1 modules
var action_environment = __nccwpck_require__(872);
;// CONCATENATED MODULE: ./src/action/oidc.ts
// The `auth: oidc` inputs, and where the job's OIDC token comes from: GitHub's token service,
// through the variables a job with `permissions: id-token: write` gets.



/** The OIDC inputs; the client secret (and, with `auth: oidc`, the request token) masked. */
function readOidcInputs(environment) {
    const clientSecret = environment.getInput(constants/* Inputs */.G0.OidcClientSecret);
    if (clientSecret)
        environment.setSecret(clientSecret);
    const requestUrl = environment.env[constants/* GitHubOidcVariables */.S8.RequestUrl];
    const requestToken = environment.env[constants/* GitHubOidcVariables */.S8.RequestToken];
    if (requestToken && usesOidc({ auth: environment.getInput(constants/* Inputs */.G0.Auth) })) {
        environment.setSecret(requestToken);
    }
    return {
        settings: {
            domainUrl: environment.getInput(constants/* Inputs */.G0.OidcDomainUrl),
            clientId: environment.getInput(constants/* Inputs */.G0.OidcClientId),
            clientSecret,
            audience: environment.getInput(constants/* Inputs */.G0.OidcAudience)
        },
        source: gitHubTokenSource(requestUrl, requestToken)
    };
}

;// CONCATENATED MODULE: ./src/action/inputs.ts




/** The API-key inputs and the OCI CLI variable each falls back to when it is empty. */
const OCI_CLI_FALLBACKS = [
    [constants/* Inputs */.G0.TenancyOcid, constants/* OciCliVariables */.xG.Tenancy],
    [constants/* Inputs */.G0.UserOcid, constants/* OciCliVariables */.xG.User],
    [constants/* Inputs */.G0.Fingerprint, constants/* OciCliVariables */.xG.Fingerprint],
    [constants/* Inputs */.G0.PrivateKey, constants/* OciCliVariables */.xG.KeyContent],
    [constants/* Inputs */.G0.PrivateKeyPassphrase, constants/* OciCliVariables */.xG.Passphrase],
    [constants/* Inputs */.G0.Region, constants/* OciCliVariables */.xG.Region]
];
/**
 * The one place the action reads its inputs. A value that cannot be read is added to
 * `problems`, where the main step keeps it to report with the plan's, and stands at its
 * default for the checks after it; without `problems`, it is thrown here.
 */
function readInputs(environment, problems) {
    const checks = problems ?? new InputChecks();
    // Masked first, so that no later message (a bad value of another input) can show it. Read
    // untrimmed: the engine trims it with a notice, and the trimmed value is what travels.
    const token = environment.getInput(constants/* Inputs */.G0.AuthToken, { trimWhitespace: false });
    if (token.trim())
        environment.setSecret(token.trim());
    const oidc = readOidcInputs(environment);
    const apiKey = environment.getInput(constants/* Inputs */.G0.Auth).trim() === constants/* AuthMethods */.FL.ApiKey;
    const fallbacks = new Map(OCI_CLI_FALLBACKS);
    const input = (name) => {
        const value = environment.getInput(name);
        const variable = apiKey ? fallbacks.get(name) : undefined;
        return value || (variable ? (environment.env[variable]?.trim() ?? '') : '');
    };
    const privateKey = input(constants/* Inputs */.G0.PrivateKey);
    const passphrase = input(constants/* Inputs */.G0.PrivateKeyPassphrase);
    maskPrivateKey(environment, privateKey);
    if (passphrase)
        environment.setSecret(passphrase);
    const readLines = (name) => lines(input(name));
    const readBoolean = (name, fallback) => checks.check(() => inputs_boolean(name, input(name), fallback)) ?? fallback;
    const settings = {
        region: input(constants/* Inputs */.G0.Region),
        registry: input(constants/* Inputs */.G0.Registry),
        namespace: input(constants/* Inputs */.G0.Namespace),
        username: input(constants/* Inputs */.G0.Username),
        identityDomain: input(constants/* Inputs */.G0.IdentityDomain),
        image: input(constants/* Inputs */.G0.Image),
        repository: input(constants/* Inputs */.G0.Repository),
        tags: readLines(constants/* Inputs */.G0.Tags),
        flavor: readLines(constants/* Inputs */.G0.Flavor),
        labels: readLines(constants/* Inputs */.G0.Labels),
        annotations: readLines(constants/* Inputs */.G0.Annotations),
        pushByDigest: readBoolean(constants/* Inputs */.G0.PushByDigest, false),
        mergeDigests: readLines(constants/* Inputs */.G0.MergeDigests),
        push: readBoolean(constants/* Inputs */.G0.Push, true),
        logout: readBoolean(constants/* Inputs */.G0.Logout, true),
        auth: input(constants/* Inputs */.G0.Auth),
        compartment: input(constants/* Inputs */.G0.Compartment),
        repositoryVisibility: input(constants/* Inputs */.G0.RepositoryVisibility),
        immutable: readBoolean(constants/* Inputs */.G0.Immutable, false)
    };
    const summary = readBoolean(constants/* Inputs */.G0.Summary, true);
    if (!problems)
        checks.throwIfAny();
    return {
        settings,
        token,
        apiKey: {
            tenancyOcid: input(constants/* Inputs */.G0.TenancyOcid),
            userOcid: input(constants/* Inputs */.G0.UserOcid),
            fingerprint: input(constants/* Inputs */.G0.Fingerprint),
            privateKeyPem: privateKey,
            ...(passphrase ? { passphrase } : {})
        },
        oidc,
        summary
    };
}
/**
 * Masks the PEM text whole and line by line: the job log masks a registered secret only where
 * it appears whole, and a key is often echoed a line at a time.
 */
function maskPrivateKey(environment, pem) {
    if (!pem)
        return;
    environment.setSecret(pem);
    for (const line of pem.split(/\r?\n|\\n/)) {
        const body = line.trim();
        if (body && !body.startsWith('-----'))
            environment.setSecret(body);
    }
}
/**
 * Masks the credentials as Basic headers and Docker's config.json carry them: base64 of
 * `username:token` (the token itself is masked when it is read).
 */
function maskEncodedCredentials(environment, credentials) {
    const token = credentials.token.trim();
    if (!token)
        return;
    environment.setSecret(Buffer.from(`${credentials.username}:${token}`).toString('base64'));
}
/** One entry per line, as docker/metadata-action reads `tags`, `flavor`, `labels`; `#` starts a comment line. */
function lines(value) {
    return value
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line !== '' && !line.startsWith('#'));
}
/** `true` or `false` only: a typo must not silently mean either. */
function inputs_boolean(input, value, fallback) {
    if (value === '')
        return fallback;
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === 'false')
        return lower === 'true';
    throw new errors/* InputError */.dz(input, `must be 'true' or 'false'; got '${value}'`, {
        fix: `Write ${input}: ${fallback} or ${input}: ${!fallback}`
    });
}

;// CONCATENATED MODULE: ./src/action/outputs.ts

/**
 * Sets every output that has a value (`digest` and `pinned-reference` only after a push),
 * and `json`, the whole object (the only one with each target's entry).
 */
function setOutputs(environment, outputs) {
    for (const name of Object.values(constants/* Outputs */.tY)) {
        if (name === constants/* Outputs */.tY.Json)
            continue;
        const value = outputs[name] ?? '';
        const text = Array.isArray(value) ? value.join('\n') : String(value);
        if (text !== '')
            environment.setOutput(name, text);
    }
    environment.setOutput(constants/* Outputs */.tY.Json, JSON.stringify(outputs));
}

;// CONCATENATED MODULE: ./src/action/kept-docker-config.ts



/**
 * The job's Docker configuration as it was before this run logged into it (an earlier
 * step's login to the same registry included), so the post step can undo exactly this
 * run's login. It may hold credentials, so it lives in a private file of the job (a 0700
 * directory under RUNNER_TEMP, the file 0600), never in the step state, which is not
 * secret. Returns the file.
 */
async function keepDockerConfig(dockerConfig, runnerTemp) {
    const text = (await readConfigText(dockerConfig)) ?? null;
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(runnerTemp, 'ocir-push-kept-docker-config-'));
    const file = (0,external_node_path_.join)(dir, 'config.json');
    await (0,promises_.writeFile)(file, JSON.stringify({ text }), { mode: 0o600 });
    return file;
}
/** After the logout: the registries' entries as they were kept; then the kept file is deleted. */
async function restoreDockerConfig(dockerConfig, registries, file) {
    const { text } = JSON.parse(await readFile(file, 'utf8'));
    await restoreConfig(dockerConfig, registries, text ?? undefined);
    await rm(dirname(file), { recursive: true, force: true });
}

;// CONCATENATED MODULE: ./src/action/state.ts

function saveLoginState(store, state) {
    // One host per line: the state's values are strings.
    store.saveState(constants/* State */.Uw.Registry, state.registries.join('\n'));
    store.saveState(constants/* State */.Uw.DockerConfig, state.dockerConfig);
    store.saveState(constants/* State */.Uw.CreatedDockerConfig, String(state.createdDockerConfig));
    store.saveState(constants/* State */.Uw.Logout, String(state.logout));
    if (state.keptDockerConfig)
        store.saveState(constants/* State */.Uw.KeptDockerConfig, state.keptDockerConfig);
}
/** The saved login, or undefined when the main step stopped before logging in. */
function readLoginState(store) {
    const registries = store.getState(State.Registry).split('\n').filter(Boolean);
    const dockerConfig = store.getState(State.DockerConfig);
    if (registries.length === 0 || !dockerConfig)
        return undefined;
    const keptDockerConfig = store.getState(State.KeptDockerConfig);
    return {
        registries,
        dockerConfig,
        createdDockerConfig: store.getState(State.CreatedDockerConfig) === 'true',
        logout: store.getState(State.Logout) !== 'false',
        ...(keptDockerConfig ? { keptDockerConfig } : {})
    };
}

;// CONCATENATED MODULE: ./src/action/summary.ts


/** The pull secret the Kubernetes snippet creates and references. */
const PULL_SECRET_NAME = 'ocirsecret';
/** The plan as the log shows it before anything is sent. */
function describePlan(plan) {
    const lines = [`Registry:   ${planHosts(plan).join(', ')}`, `Username:   ${plan.username}`];
    const image = pushesImage(plan)
        ? describeImage(plan)
        : plan.tags.length > 0 && 'none (push: false: the metadata of a build to come)';
    if (!image)
        return [...lines, 'Image:      none (log in only)'];
    return [
        ...lines,
        `Image:      ${image}`,
        ...(plan.mode === 'merge' ? plan.digests : []).map(digest => `            ${digest}`),
        ...plan.targets.map((target, i) => `${(i === 0 ? 'Repository:' : '').padEnd(12)}${target.repositoryReference}`),
        `Tags:       ${plan.mode === 'push-by-digest' ? 'none (push-by-digest)' : plan.tags.join(', ')}`,
        ...plan.labels.map((label, i) => `${(i === 0 ? 'Labels:' : '').padEnd(12)}${label}`)
    ];
}
/**
 * A summary's heading: it names the repositories (the registries for a login only), so that
 * the summaries of two steps in one job can be told apart.
 */
function heading(title, plan, after = '') {
    return `### ${title}: ${namedTargets(plan)}${after}`;
}
function namedTargets(plan) {
    return describeTargets(plan).split(', ').map(code).join(', ');
}
/**
 * The job summary (Markdown) of a run that succeeded: every reference, the digest, size and
 * platforms they share, how to pull it, and how to run it on Kubernetes.
 */
function renderSummary(plan, outputs, pushes) {
    const registries = planHosts(plan).map(code).join(', ');
    const login = `Registry ${registries}, username ${code(outputs.username)}.`;
    if (plan.push && !pushesImage(plan))
        return sections([heading('Logged in to OCIR', plan), login]);
    const version = outputs.version ? ` Version ${code(outputs.version)}.` : '';
    const repositories = outputs.targets.map(target => code(target.repository)).join(', ');
    const image = pushesImage(plan)
        ? ` Image ${code(describeImage(plan))} → ${repositories}.${version}`
        : outputs.repository
            ? ` Repository ${repositories}.${version}`
            : '';
    const result = pushes?.[0];
    if (!result) {
        return sections([
            heading('OCIR push planned', plan, ' (push: false, nothing was sent)'),
            `${login}${image}`,
            ...(outputs.tags.length
                ? [
                    table(['Reference'], outputs.tags.map(reference => [code(reference)]))
                ]
                : []),
            ...renderNotices(plan)
        ]);
    }
    const size = result.size === undefined ? 'unknown' : formatBytes(result.size);
    const platforms = result.platforms.length ? result.platforms.map(code).join(', ') : 'unknown';
    // Pushed by digest, the image has no tag: the pinned reference is the one to pull.
    const pull = outputs['pull-reference'] || outputs['pinned-reference'];
    const references = outputs.tags.length ? outputs.tags : [outputs['pinned-reference']];
    return sections([
        heading('Pushed to OCIR', plan),
        `${login}${image}`,
        table(['Reference'], references.map(reference => [code(reference)])),
        ...digestLines(outputs, result, size, platforms),
        ...renderNotices(plan),
        'Pull:',
        fenced('sh', `docker pull ${pull}`),
        'Pinned reference (this exact image, whatever happens to the tags later):',
        fenced('text', outputs['pinned-reference']),
        '#### Kubernetes',
        fenced('yaml', [
            'containers:',
            `  - name: ${containerName(plan.repository)}`,
            `    image: ${outputs['pinned-reference']}`,
            'imagePullSecrets:',
            `  - name: ${PULL_SECRET_NAME}`
        ].join('\n')),
        'The pull secret, once per Kubernetes namespace (put the auth token in yourself):',
        fenced('sh', kubectlCreateSecret(plan))
    ]);
}
/**
 * The digest, size and platforms of the pushed image; with several targets, the digest each
 * target's references name (the same for a daemonless push; each registry's for Docker's).
 */
function digestLines(outputs, result, size, platforms) {
    const digests = new Set(outputs.targets.map(target => target.digest));
    if (digests.size === 1) {
        return [`Digest ${code(result.digest)}, size ${size}, platforms ${platforms}.`];
    }
    return [
        table(['Repository', 'Digest'], outputs.targets.map(target => [code(target.repository), code(target.digest)])),
        `Size ${size}, platforms ${platforms}.`
    ];
}
/**
 * The job summary of a failed run: what failed, the fix, the other side's words, and what was
 * tried; `outputs`, when some references were pushed, name exactly those.
 */
function renderFailureSummary(error, plan, outputs) {
    const target = plan ? ` to ${namedTargets(plan)}` : '';
    const parts = [`### OCIR push${target} failed: ${failureTitle(error)}`];
    for (const listed of (0,errors/* failuresOf */.dJ)(error)) {
        // A target's failure reads as that target's run alone would report it, after its name.
        const [where, failure] = listed instanceof errors/* TargetError */.I0 ? [`${code(listed.target)}: `, listed.failure] : ['', listed];
        if (failure instanceof errors/* OcirPushError */.oW) {
            const prefix = `${where}${failure.input ? `Input ${code(failure.input)}: ` : ''}`;
            parts.push(`${prefix}${summary_text(failure.message)}`, `**Fix:** ${summary_text(failure.fix)}`);
            if (failure.detail) {
                parts.push(`${(0,errors/* detailSpeaker */.zb)(failure)} said:`, fenced('text', failure.detail));
            }
        }
        else {
            parts.push(`${where}${summary_text((0,errors/* errorMessage */.gJ)(failure))}`);
        }
    }
    if (plan) {
        const registries = planHosts(plan).map(code).join(', ');
        const attempted = [`Registry ${registries}, username ${code(plan.username)}.`];
        if (pushesImage(plan)) {
            attempted.push(`Image ${code(describeImage(plan))} → ${namedTargets(plan)}.`);
        }
        parts.push(attempted.join(' '));
        const references = plan.targets.flatMap(target => target.references);
        if (references.length) {
            // Only a partial push leaves references behind; the outputs name exactly those.
            const pushed = new Set(outputs?.tags);
            parts.push(table(['Reference', 'State'], references.map(reference => [
                code(reference),
                pushed.has(reference) ? 'pushed' : 'not pushed'
            ])));
            for (const held of outputs?.targets ?? []) {
                if (!held.tags.length)
                    continue;
                const where = plan.targets.length > 1 ? ` in ${code(held.repository)}` : '';
                parts.push(`The pushed references${where} name ${code(held.digest)}.`);
            }
        }
    }
    return sections(parts);
}
/** The title of the failure's annotation and summary: which side failed, and the input at fault. */
function failureTitle(error) {
    if (!(error instanceof errors/* OcirPushError */.oW))
        return 'unexpected error';
    if (error instanceof errors/* TargetError */.I0)
        return `${error.target}: ${failureTitle(error.failure)}`;
    if (error instanceof errors/* TargetErrors */.Xw) {
        return `${error.failures.length} of ${error.targetCount} targets failed`;
    }
    if (error instanceof errors/* InputError */.dz)
        return `invalid input '${error.input}'`;
    if (error instanceof errors/* InputErrors */.G) {
        return `invalid inputs ${error.problems.map(problem => `'${problem.input}'`).join(', ')}`;
    }
    const side = error instanceof errors/* DockerError */.Bi
        ? 'Docker error'
        : error instanceof errors/* RegistryError */.gl
            ? `registry error${error.code ? ` ${error.code}` : ''}`
            : 'error';
    return error.input ? `${side}, check input '${error.input}'` : side;
}
/** `1234567` → `1.2 MB`, in the decimal units `docker images` uses. */
function formatBytes(bytes) {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    // Rounded first, so that 999 999 999 bytes are 1.0 GB rather than 1000.0 MB.
    while (unit < units.length - 1 && Math.round(value * 10) / 10 >= 1000) {
        value /= 1000;
        unit++;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
/**
 * `kubectl create secret docker-registry` for the plan's registry and username. The token is a
 * placeholder: the summary is readable by everyone who can see the run.
 */
function kubectlCreateSecret(plan) {
    return [
        `kubectl create secret docker-registry ${PULL_SECRET_NAME}`,
        `--docker-server=${plan.registry}`,
        `--docker-username=${shellQuote(plan.username)}`,
        "--docker-password='<auth token>'",
        '--docker-email=<email>'
    ].join(' ');
}
/** A container name (a DNS label) from the repository's last path segment. */
function containerName(repository) {
    const last = repository.split('/').pop() ?? '';
    const label = last
        .replace(/[^a-z0-9-]+/g, '-')
        .slice(0, 63)
        .replace(/^-+|-+$/g, '');
    return label || 'app';
}
function renderNotices(plan) {
    return plan.notices.map(notice => `> **${summary_text(notice.title)}:** ${summary_text(notice.message)}`);
}
/** The source, or the index merged from digests. */
function describeImage(plan) {
    switch (plan.mode) {
        case 'merge':
            return `index of ${plan.digests.length} images pushed by digest`;
        case 'push-by-digest':
            return `${describeSource(plan.source)}, by digest without tags`;
        case 'push':
            return describeSource(plan.source);
    }
}
function sections(parts) {
    return `${parts.join('\n\n')}\n`;
}
function table(header, rows) {
    return [header, header.map(() => '---'), ...rows]
        .map(cells => `| ${cells.join(' | ')} |`)
        .join('\n');
}
/** A block users copy from; the fence is longer than any backtick run inside. */
function fenced(language, body) {
    const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map(run => run.length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}${language}\n${body}\n${fence}`;
}
/**
 * Inline code for any value, image configs' `os` and `architecture` included: no backtick run
 * inside can close it (the delimiter is longer), a line break cannot end the table row (control
 * characters become spaces), and `|` is escaped for table cells. Inside a code span `<`, `>`
 * and `&` are shown as they are, never read as HTML or entities.
 */
function code(value) {
    // eslint-disable-next-line no-control-regex
    const flat = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\|/g, '\\|');
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map(run => run.length));
    const delimiter = '`'.repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space the renderer strips again.
    const pad = /^`|`$/.test(flat) ? ' ' : '';
    return `${delimiter}${pad}${flat}${pad}${delimiter}`;
}
/** Plain text with Markdown and HTML characters escaped: messages quote names like <namespace>. */
function summary_text(value) {
    return value.replace(/[\\`*_[\]<>|~#&]/g, '\\$&');
}
/** Single-quoted for a POSIX shell: identity-domain user names may hold spaces and quotes. */
function shellQuote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

;// CONCATENATED MODULE: ./src/action/main.ts




















/** The main step: plan, the engine's run, then outputs, summary and exit status. */
async function runMain(environment = (0,action_environment/* runnerEnvironment */.i)(), options = {}) {
    const attempt = {};
    const failed = (error) => ({ status: 'failed', error });
    const result = await mainStep(environment, attempt, options).catch(failed);
    await report(environment, attempt, result).catch((error) => report(environment, attempt, failed(error)));
}
/** Everything up to the run's result; throws for what fails before the engine starts. */
async function mainStep(environment, attempt, { signal = new AbortController().signal, engine = run }) {
    const { logger } = environment;
    // Every input is checked before anything is sent, and all that are wrong are reported together.
    const problems = new InputChecks();
    const inputs = readInputs(environment, problems);
    const { settings, token, summary } = inputs;
    attempt.summary = summary;
    const ociDeps = {
        endpointEnv: environment.env,
        logger,
        signal,
        onSecret: (value) => environment.setSecret(value)
    };
    const { plan, credentials } = await prepareRun(settings, () => (0,git/* resolveGitContext */.Qf)(environment.env, environment.git, { provider: 'github' }), {
        apiKey: async () => loadApiKeyCredentials(inputs.apiKey),
        oidc: () => startOidcCredentials(inputs.oidc.settings, inputs.oidc.source, ociDeps),
        authToken: async () => checkAuthToken(token, logger)
    }, problems, {
        ...ociDeps,
        // A failure's summary shows what was attempted, when the plan itself is right.
        planned: plan => (attempt.plan = plan)
    });
    if (!credentials || !isSigned(credentials)) {
        maskEncodedCredentials(environment, { username: plan.username, token });
    }
    await logger.group(`Plan and tags for ${describeTargets(plan)}`, async () => {
        for (const line of describePlan(plan))
            logger.info(line);
        for (const notice of plan.notices)
            environment.notice(notice.message, notice.title);
    });
    if (!plan.push || !credentials) {
        logger.info('push: false: nothing was logged in to or pushed');
        return { status: 'succeeded', outputs: toOutputs(plan) };
    }
    const runnerTemp = environment.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    const dockerConfig = await jobDockerConfig(environment, runnerTemp);
    // What the logout must give back: an earlier step's login to this registry, the file's bytes.
    const keptDockerConfig = settings.logout && !dockerConfig.createdDockerConfig
        ? await keepDockerConfig(dockerConfig.dockerConfig, runnerTemp)
        : undefined;
    // Saved before logging in, so the post step cleans up even after a failed login.
    saveLoginState(environment, {
        registries: planHosts(plan),
        ...dockerConfig,
        logout: settings.logout,
        ...(keptDockerConfig ? { keptDockerConfig } : {})
    });
    environment.exportVariable('DOCKER_CONFIG', dockerConfig.dockerConfig);
    const deps = {
        docker: environment.docker(dockerConfig.dockerConfig),
        dockerConfigDir: dockerConfig.dockerConfig,
        temporaryDirectory: runnerTemp,
        logger,
        // The job log has no live line: every progress line goes in as it is.
        progress: plainProgress(message => logger.info(message)),
        endpointEnv: environment.env,
        // A registry token is masked as it arrives, and so is Docker's config.json form of it.
        onSecret: (value) => {
            environment.setSecret(value);
            maskEncodedCredentials(environment, { username: plan.username, token: value });
        },
        // The job summary shows it.
        imageSize: summary
    };
    return engine(plan, credentials, deps, signal);
}
/**
 * The client configuration to log into: the one the job already uses (DOCKER_CONFIG, else
 * ~/.docker), in place, so later steps keep its logins, contexts and builders beside ours.
 * When its config.json can be read by other users, a token must not go there: a job-scoped
 * copy under RUNNER_TEMP then stands in (its other entries linked), removed by the post step.
 */
async function jobDockerConfig(environment, runnerTemp) {
    const { env } = environment;
    const existing = env.DOCKER_CONFIG || (env.HOME ? (0,external_node_path_.join)(env.HOME, '.docker') : undefined);
    if (existing && (await keepsSecretsPrivate(existing))) {
        return { dockerConfig: existing, createdDockerConfig: false };
    }
    if (existing) {
        environment.notice(`${(0,external_node_path_.join)(existing, 'config.json')} can be read by other users, so the login went into a copy of it for this job (DOCKER_CONFIG); chmod 600 it to log in in place`, 'Docker config readable by others');
    }
    const dockerConfig = await createDockerConfigDir(runnerTemp, existing);
    return { dockerConfig, createdDockerConfig: true };
}
/** Outputs, job summary and exit status of the result. */
async function report(environment, { plan, summary = true }, result) {
    switch (result.status) {
        case 'succeeded': {
            const { outputs } = result;
            setOutputs(environment, outputs);
            if (summary)
                await environment.appendSummary(renderSummary(plan, outputs, result.pushes));
            if (outputs.digest) {
                const pull = outputs['pull-reference'] || outputs['pinned-reference'];
                environment.logger.info(`Pull:   docker pull ${pull}`);
                environment.logger.info(`Pinned: ${outputs['pinned-reference']}`);
            }
            return;
        }
        case 'failed':
            // Some tags exist: the outputs name exactly those, so later steps use only what is there.
            if (result.outputs)
                setOutputs(environment, result.outputs);
            // Each input that is wrong gets its own annotation; the step fails once.
            environment.fail((0,errors/* failuresOf */.dJ)(result.error).map(failure => ({
                message: (0,errors/* formatError */.Wk)(failure),
                title: failureTitle(failure)
            })), 1);
            if (!summary)
                return;
            await environment
                .appendSummary(renderFailureSummary(result.error, plan, result.outputs))
                .catch((summaryError) => environment.logger.warning(`Could not write the job summary: ${(0,errors/* formatError */.Wk)(summaryError)}`));
            return;
        case 'cancelled':
            environment.fail([
                {
                    message: `The run was cancelled (${(0,errors/* formatError */.Wk)(result.reason)}): nothing more is pushed; the post step removes the login`,
                    title: 'cancelled'
                }
            ], (0,cancel/* cancelledExitCode */.NU)(result.reason));
    }
}


/***/ }),

/***/ 952:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ TAG_PATTERN),
/* harmony export */   DC: () => (/* binding */ BEARER_TOKEN_USERNAME),
/* harmony export */   FL: () => (/* binding */ AuthMethods),
/* harmony export */   G0: () => (/* binding */ Inputs),
/* harmony export */   G_: () => (/* binding */ REPOSITORY_PATTERN),
/* harmony export */   Ic: () => (/* binding */ withoutAuthToken),
/* harmony export */   S8: () => (/* binding */ GitHubOidcVariables),
/* harmony export */   Uw: () => (/* binding */ State),
/* harmony export */   tY: () => (/* binding */ Outputs),
/* harmony export */   xG: () => (/* binding */ OciCliVariables),
/* harmony export */   xZ: () => (/* binding */ OIDC_TOKEN_VARIABLE)
/* harmony export */ });
/* unused harmony exports envNameFor, PRIVATE_KEY_VARIABLE, PRIVATE_KEY_PASSPHRASE_VARIABLE, SECRET_VARIABLES */
/** Names that users and tests depend on: action inputs, outputs, post-step state, CLI environment. */
const Inputs = {
    Region: 'region',
    Registry: 'registry',
    Namespace: 'namespace',
    Username: 'username',
    IdentityDomain: 'identity-domain',
    AuthToken: 'auth-token',
    Image: 'image',
    Repository: 'repository',
    Tags: 'tags',
    Flavor: 'flavor',
    Labels: 'labels',
    Annotations: 'annotations',
    PushByDigest: 'push-by-digest',
    MergeDigests: 'merge-digests',
    Push: 'push',
    Logout: 'logout',
    Summary: 'summary',
    Auth: 'auth',
    TenancyOcid: 'tenancy-ocid',
    UserOcid: 'user-ocid',
    Fingerprint: 'fingerprint',
    PrivateKey: 'private-key',
    PrivateKeyPassphrase: 'private-key-passphrase',
    Compartment: 'compartment',
    RepositoryVisibility: 'repository-visibility',
    Immutable: 'immutable',
    OidcDomainUrl: 'oidc-domain-url',
    OidcClientId: 'oidc-client-id',
    OidcClientSecret: 'oidc-client-secret',
    OidcAudience: 'oidc-audience'
};
const Outputs = {
    Registry: 'registry',
    Username: 'username',
    Repository: 'repository',
    Tags: 'tags',
    PullReference: 'pull-reference',
    Digest: 'digest',
    PinnedReference: 'pinned-reference',
    Version: 'version',
    Labels: 'labels',
    Annotations: 'annotations',
    RepositoryOcid: 'repository-ocid',
    Json: 'json'
};
/** What the main step leaves for the post step (GITHUB_STATE). */
const State = {
    Registry: 'registry',
    DockerConfig: 'docker-config',
    CreatedDockerConfig: 'created-docker-config',
    Logout: 'logout',
    KeptDockerConfig: 'kept-docker-config'
};
/** The CLI's environment variable for an input: `identity-domain` → `OCIR_IDENTITY_DOMAIN`. */
function envNameFor(input) {
    return `OCIR_${input.toUpperCase().replace(/-/g, '_')}`;
}
/** How the registry is signed in to (the `auth` input). */
const AuthMethods = { AuthToken: 'auth-token', ApiKey: 'api-key', Oidc: 'oidc' };
/** The username Docker presents a registry bearer token under (the token is the password). */
const BEARER_TOKEN_USERNAME = 'BEARER_TOKEN';
/**
 * The OCI CLI's variables, which CI setups for OCI already hold: the API key settings fall
 * back to them (`OCI_CLI_KEY_FILE`: the CLI face only, which may read files).
 */
const OciCliVariables = {
    Tenancy: 'OCI_CLI_TENANCY',
    User: 'OCI_CLI_USER',
    Fingerprint: 'OCI_CLI_FINGERPRINT',
    KeyContent: 'OCI_CLI_KEY_CONTENT',
    KeyFile: 'OCI_CLI_KEY_FILE',
    Passphrase: 'OCI_CLI_PASSPHRASE',
    Region: 'OCI_CLI_REGION'
};
/** The CLI's variables for the private key and its passphrase (no flag carries either). */
const PRIVATE_KEY_VARIABLE = 'OCIR_PRIVATE_KEY';
const PRIVATE_KEY_PASSPHRASE_VARIABLE = 'OCIR_PRIVATE_KEY_PASSPHRASE';
/**
 * What a GitHub job with `permissions: id-token: write` gets: where to ask for its OIDC token,
 * and the bearer to ask with (a secret).
 */
const GitHubOidcVariables = {
    RequestUrl: 'ACTIONS_ID_TOKEN_REQUEST_URL',
    RequestToken: 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
};
/** The CLI's variable for an OIDC token of another CI (GitLab's `id_tokens`, CircleCI's). */
const OIDC_TOKEN_VARIABLE = 'OCIR_OIDC_TOKEN';
/** The action's variable for an input, as the runner sets it (`INPUT_AUTH-TOKEN`). */
function actionVariable(input) {
    return `INPUT_${input.toUpperCase()}`;
}
/**
 * Every variable a secret arrives in: the auth token, the private key and its passphrase, the
 * OIDC client secret, under the action's names (with `-`, and with `_` as some runners write
 * them), the CLI's and the OCI CLI's; the OIDC tokens and the bearer GitHub's is asked with.
 */
const SECRET_VARIABLES = [
    envNameFor(Inputs.AuthToken),
    ...[
        Inputs.AuthToken,
        Inputs.PrivateKey,
        Inputs.PrivateKeyPassphrase,
        Inputs.OidcClientSecret
    ].flatMap(input => [actionVariable(input), actionVariable(input).replace(/-/g, '_')]),
    PRIVATE_KEY_VARIABLE,
    PRIVATE_KEY_PASSPHRASE_VARIABLE,
    OciCliVariables.KeyContent,
    OciCliVariables.Passphrase,
    envNameFor(Inputs.OidcClientSecret),
    OIDC_TOKEN_VARIABLE,
    GitHubOidcVariables.RequestToken
];
/** `env` without any secret variable: what a child process (docker, git) may inherit. */
function withoutAuthToken(env) {
    const copy = { ...env };
    for (const name of SECRET_VARIABLES)
        delete copy[name];
    return copy;
}
/** What an OCIR (and any distribution) registry accepts; see DESIGN.md. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const REPOSITORY_PATTERN = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;


/***/ }),

/***/ 922:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bi: () => (/* binding */ DockerError),
/* harmony export */   G: () => (/* binding */ InputErrors),
/* harmony export */   I0: () => (/* binding */ TargetError),
/* harmony export */   Wk: () => (/* binding */ formatError),
/* harmony export */   Xw: () => (/* binding */ TargetErrors),
/* harmony export */   dJ: () => (/* binding */ failuresOf),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   kM: () => (/* binding */ isInputProblem),
/* harmony export */   oW: () => (/* binding */ OcirPushError),
/* harmony export */   zb: () => (/* binding */ detailSpeaker)
/* harmony export */ });
/** Every failure below the faces is one of these: what failed, which input, and the fix. */
class OcirPushError extends Error {
    fix;
    input;
    detail;
    detailFrom;
    constructor(message, details) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = new.target.name;
        this.fix = details.fix;
        this.input = details.input;
        this.detail = details.detail;
        this.detailFrom = details.detailFrom;
    }
}
/** A setting's value is wrong; nothing was sent anywhere. */
class InputError extends OcirPushError {
    constructor(input, message, details) {
        super(message, { ...details, input });
    }
}
function isInputProblem(error) {
    return error instanceof OcirPushError && error.input !== undefined;
}
/** Several settings are wrong at once (see `InputChecks`); nothing was sent anywhere. */
class InputErrors extends OcirPushError {
    /** In the order the inputs are checked; each names its input and carries its fix. */
    problems;
    constructor(problems) {
        const inputs = [...new Set(problems.map(problem => problem.input))];
        super(`${problems.length} settings are wrong: ${inputs.join(', ')}`, {
            fix: 'Fix each of them as its own message says; nothing was sent'
        });
        this.problems = problems;
    }
}
/** What anything thrown says: an error's message, anything else as text. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/**
 * One target of a run with several (a registry host and repository) failed: `failure` says
 * why, as it would for a run with that target alone.
 */
class TargetError extends OcirPushError {
    target;
    failure;
    constructor(
    /** The target's repository reference (`fra.ocir.io/ns/app`), or its host when it has none. */
    target, failure) {
        const known = failure instanceof OcirPushError ? failure : undefined;
        super(`${target}: ${known?.message ?? errorMessage(failure)}`, {
            fix: known?.fix ?? 'Run the push again',
            ...(known?.input ? { input: known.input } : {}),
            ...(known?.detail ? { detail: known.detail, detailFrom: detailSpeaker(known) } : {}),
            cause: failure
        });
        this.target = target;
        this.failure = failure;
    }
}
/** Some targets of a run with several failed; the others were pushed (see the run's outputs). */
class TargetErrors extends OcirPushError {
    failures;
    targetCount;
    constructor(
    /** One per target that failed, in the targets' order. */
    failures, 
    /** How many targets the run had. */
    targetCount) {
        super(`${failures.length} of ${targetCount} targets failed: ${failures.map(failure => failure.target).join(', ')}`, { fix: 'Fix each of them as its own message says; the targets not named were pushed' });
        this.failures = failures;
        this.targetCount = targetCount;
    }
}
/**
 * The failures one error reports: each problem of `InputErrors`, each target of
 * `TargetErrors`, otherwise the error itself.
 */
function failuresOf(error) {
    if (error instanceof InputErrors)
        return error.problems;
    if (error instanceof TargetErrors)
        return error.failures;
    return [error];
}
/** The registry refused or failed a request. */
class RegistryError extends OcirPushError {
    status;
    /** The distribution-spec error code (`DENIED`, `UNAUTHORIZED`, `NAME_UNKNOWN`, …). */
    code;
    constructor(message, details) {
        super(message, details);
        this.status = details.status;
        this.code = details.code;
    }
}
/** The Docker CLI or engine failed or is missing. */
class DockerError extends OcirPushError {
}
/**
 * The one message a user sees: what failed, the fix, then the other side's own words.
 * Input names are shown as `inputLabel` renders them (action input or CLI flag).
 */
function formatError(error, inputLabel = input => `input '${input}'`) {
    if (!(error instanceof OcirPushError))
        return errorMessage(error);
    if (error instanceof InputErrors || error instanceof TargetErrors) {
        return failuresOf(error)
            .map(failure => formatError(failure, inputLabel))
            .join('\n');
    }
    // The target first, then the failure as a run with that target alone would report it.
    if (error instanceof TargetError)
        return `${error.target}: ${formatError(error.failure, inputLabel)}`;
    const lines = [error.input ? `${inputLabel(error.input)}: ${error.message}` : error.message];
    lines.push(`Fix: ${error.fix}`);
    if (error.detail) {
        lines.push(`${detailSpeaker(error)} said: ${error.detail}`);
    }
    return lines.join('\n');
}
/** Whose words an error's `detail` quotes: `The registry`, `Docker`, `The identity domain`. */
function detailSpeaker(error) {
    return error.detailFrom ?? (error instanceof DockerError ? 'Docker' : 'The registry');
}


/***/ }),

/***/ 363:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ writeLentChunks)
/* harmony export */ });
/* unused harmony export ClosedBeforeWrittenError */
/** `into` closed (destroyed, its connection cut) before every chunk was written. */
class ClosedBeforeWrittenError extends Error {
    constructor() {
        super('the stream closed before the body was written');
        this.name = new.target.name;
    }
}
/**
 * Writes `chunks` into `into`, then ends it. Each chunk is asked for only once the one before
 * it is through `into` (its write callback: handed to the kernel, or consumed by a transform),
 * so a source that lends its chunks, reading the next bytes into the same memory, never
 * overwrites bytes `into` still holds. Rejects when a write fails or `into` closes first.
 */
async function writeLentChunks(chunks, into) {
    let onClose;
    // A request destroyed before it had a socket never calls back the writes it queued.
    const closed = new Promise((_, reject) => {
        onClose = () => reject(new ClosedBeforeWrittenError());
        into.once('close', onClose);
    });
    closed.catch(() => undefined);
    try {
        for await (const chunk of chunks) {
            const written = new Promise((resolve, reject) => {
                into.write(chunk, error => (error ? reject(error) : resolve()));
            });
            await Promise.race([written, closed]);
        }
        into.end();
    }
    finally {
        into.off('close', onClose);
    }
}


/***/ }),

/***/ 117:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ limiter)
/* harmony export */ });
/** Runs at most `limit` of the given tasks at once. */
function limiter(limit) {
    let active = 0;
    const waiting = [];
    return async (task) => {
        // A finishing task hands its slot straight to the next waiter, so `active` never overshoots.
        if (active >= limit)
            await new Promise(resolve => waiting.push(resolve));
        else
            active++;
        try {
            return await task();
        }
        finally {
            const next = waiting.shift();
            if (next)
                next();
            else
                active--;
        }
    };
}


/***/ }),

/***/ 450:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I1: () => (/* binding */ inertLogText),
/* harmony export */   Xq: () => (/* binding */ formatSize),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   cT: () => (/* binding */ withoutSecrets),
/* harmony export */   g$: () => (/* binding */ printable)
/* harmony export */ });
/**
 * Text from outside (image names and annotations, registry and Docker messages) as a log may
 * show it: every control character but tab and line feed removed, so that no escape sequence
 * (ESC, the C1 CSI), carriage return or backspace reaches a terminal or a log viewer.
 */
function printable(text) {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
/**
 * `printable`, and a log line GitHub's runner shows but never obeys: a line that would read as
 * a workflow command (`::set-output …::`, `::add-mask::`, the old `##[command]`) after the
 * blanks the runner skips is broken by a leading backslash. The action's log is the runner's,
 * and so is the CLI's when a workflow runs it.
 */
function inertLogText(text) {
    return printable(text).replace(/^(\s*)(::|##\[)/gm, '$1\\$2');
}
/**
 * `text` with every form a secret could be printed in replaced by `***`: as it is,
 * URL-encoded, base64 (alone and, given `username`, as the `user:secret` of a Basic
 * Authorization header or a Docker config `auth` entry). Longest first, so a form that
 * contains another goes whole.
 */
function withoutSecrets(text, secrets, username) {
    const forms = secrets
        .filter(secret => secret.length > 0)
        .flatMap(secret => [
        secret,
        encodeURIComponent(secret),
        Buffer.from(secret).toString('base64'),
        ...(username ? [Buffer.from(`${username}:${secret}`).toString('base64')] : [])
    ]);
    return [...new Set(forms)]
        .sort((a, b) => b.length - a.length)
        .reduce((result, form) => result.split(form).join('***'), text);
}
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
/** Bytes as a person reads them: `512 B`, `1.5 KiB`, `256.0 MiB`, `1.25 GiB`. */
function formatSize(bytes) {
    if (bytes < KiB)
        return `${Math.round(bytes)} B`;
    if (bytes < MiB)
        return `${(bytes / KiB).toFixed(1)} KiB`;
    if (bytes < GiB)
        return `${(bytes / MiB).toFixed(1)} MiB`;
    return `${(bytes / GiB).toFixed(2)} GiB`;
}
/** A duration as a log line states it: `0.4 s`, `38 s`, `2 min 05 s`, `1 h 02 min`. */
function formatDuration(ms) {
    const seconds = Math.max(0, ms) / 1000;
    if (seconds < 10)
        return `${seconds.toFixed(1)} s`;
    const whole = Math.round(seconds);
    if (whole < 60)
        return `${whole} s`;
    const minutes = Math.floor(whole / 60);
    if (minutes < 60)
        return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}


/***/ }),

/***/ 670:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ DockerCli),
/* harmony export */   Y: () => (/* binding */ DockerCommandError)
/* harmony export */ });
/* harmony import */ var _common_constants_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(952);

/**
 * A docker command that did not succeed, typed by cause, with Docker's own words (secrets
 * removed). What it means for the user, and the fix, is `diagnoseDockerFailure`'s to say.
 */
class DockerCommandError extends Error {
    reason;
    /** The docker subcommand, e.g. `push`. */
    command;
    exitCode;
    stderr;
    /** Why docker could not be started at all (`ENOENT`: not installed). */
    spawnErrorCode;
    /** The engine the command tried to reach (`DOCKER_HOST`); undefined for the default socket. */
    dockerHost;
    constructor(message, details) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = 'DockerCommandError';
        this.reason = details.reason;
        this.command = details.command;
        this.exitCode = details.exitCode;
        this.stderr = details.stderr;
        this.spawnErrorCode = details.spawnErrorCode;
        this.dockerHost = details.dockerHost;
    }
}
const DAEMON_UNREACHABLE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|dial unix [^ ]+: connect:/i;
const NO_SUCH_IMAGE = /No such (image|object)/i;
const PUSHED_DIGEST = /digest: (sha256:[0-9a-f]{64})/;
/**
 * The Docker CLI as a seam: login through stdin, tag, push, inspect, logout. Every command
 * takes a signal that stops it (the docker process gets SIGTERM).
 */
class DockerCli {
    binary;
    env;
    logger;
    constructor(options) {
        this.binary = options.binary ?? 'docker';
        // The token reaches docker on stdin only, never in its environment.
        this.env = { ...(0,_common_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutAuthToken */ .Ic)(options.env), DOCKER_CONFIG: options.configDir };
        this.logger = options.logger;
    }
    // Every positional argument follows `--`: an image or host that starts with `-` (`--help`)
    // is an operand, never an option (docker's commands are cobra's, which all honour `--`).
    /** `docker login` with the token on stdin only: it never appears in argv or a message. */
    async login(host, username, token, signal) {
        await this.run(['login', '--username', username, '--password-stdin', '--', host], {
            stdin: token,
            secret: token,
            signal
        });
    }
    async logout(host, signal) {
        await this.run(['logout', '--', host], { signal });
    }
    async tag(source, target, signal) {
        await this.run(['tag', '--', source, target], { signal });
    }
    /**
     * Pushes one reference and returns the digest the registry stored it under. `signal` stops
     * it: Docker retries a refused upload for about a minute before it gives up. Docker's
     * progress goes to `onLine`, else to the log: off a terminal Docker prints one line per
     * layer state (Preparing, Waiting, Pushed, Layer already exists), never its progress bars.
     */
    async push(reference, signal, onLine = line => this.logger?.info(line)) {
        const { stdout } = await this.run(['push', '--', reference], { onLine, signal });
        const digest = PUSHED_DIGEST.exec(stdout)?.[1];
        if (!digest) {
            throw new DockerCommandError(`docker push ${reference} reported no digest`, {
                reason: 'no-digest',
                command: 'push',
                stderr: stdout
            });
        }
        return digest;
    }
    /** `docker save` of one image into `file` (a tarball the docker-archive source reads). */
    async save(reference, file, signal) {
        await this.run(['save', '--output', file, '--', reference], { signal });
    }
    async inspect(reference, signal) {
        const { stdout } = await this.run(['image', 'inspect', '--format', '{{json .}}', '--', reference], {
            signal
        });
        const image = JSON.parse(stdout);
        return {
            id: image.Id,
            repoTags: image.RepoTags ?? [],
            repoDigests: image.RepoDigests ?? [],
            platform: [image.Os, image.Architecture, image.Variant].filter(Boolean).join('/')
        };
    }
    /** The local image `reference` names, or undefined when the engine has none (one inspect). */
    async findImage(reference, signal) {
        try {
            return await this.inspect(reference, signal);
        }
        catch (error) {
            if (error instanceof DockerCommandError &&
                error.reason === 'failed' &&
                NO_SUCH_IMAGE.test(error.stderr)) {
                return undefined;
            }
            throw error;
        }
    }
    async imageExists(reference, signal) {
        return (await this.findImage(reference, signal)) !== undefined;
    }
    async run(args, options = {}) {
        const command = args[0];
        // Loaded on first use: a run that starts no docker command (a daemonless push, a post step
        // without a credential helper) never loads it.
        const { spawn } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 421, 23));
        const redact = (text) => options.secret ? text.replaceAll(options.secret, '***') : text;
        this.logger?.debug(`${this.binary} ${args.join(' ')}`);
        return new Promise((resolve, reject) => {
            const child = spawn(this.binary, args, {
                env: this.env,
                stdio: ['pipe', 'pipe', 'pipe'],
                ...(options.signal ? { signal: options.signal } : {})
            });
            let stdout = '';
            let stderr = '';
            let pending = '';
            child.stdout.setEncoding('utf8').on('data', (chunk) => {
                stdout += chunk;
                if (!options.onLine)
                    return;
                const lines = (pending + chunk).split('\n');
                pending = lines.pop() ?? '';
                for (const line of lines)
                    if (line.trim())
                        options.onLine(redact(line));
            });
            child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
            // A closed stdin (docker exiting early) must not crash the process.
            child.stdin.on('error', () => undefined);
            child.stdin.end(options.stdin ?? '');
            child.on('error', error => {
                if (options.signal?.aborted) {
                    reject(options.signal.reason);
                    return;
                }
                const spawnErrorCode = error.code;
                const notFound = spawnErrorCode === 'ENOENT';
                reject(new DockerCommandError(notFound
                    ? `'${this.binary}' was not found on PATH (not installed)`
                    : `docker ${command} could not be started: ${error.message}`, {
                    reason: notFound ? 'not-installed' : 'failed',
                    command,
                    stderr: '',
                    spawnErrorCode,
                    cause: error
                }));
            });
            child.on('close', exitCode => {
                // Stopped by the signal (or by its own Ctrl-C at the same time): cancelled, not failed.
                if (options.signal?.aborted) {
                    reject(options.signal.reason);
                    return;
                }
                if (options.onLine && pending.trim())
                    options.onLine(redact(pending));
                const output = redact(stderr);
                if (exitCode === 0) {
                    if (output.trim())
                        this.logger?.debug(output.trim());
                    resolve({ stdout: redact(stdout) });
                    return;
                }
                reject(failure(command, exitCode ?? undefined, output, this.env.DOCKER_HOST));
            });
        });
    }
}
/** The failure typed by cause; the words for the user come from its diagnosis. */
function failure(command, exitCode, stderr, dockerHost) {
    const unreachable = DAEMON_UNREACHABLE.test(stderr);
    const where = dockerHost ?? 'the default socket';
    return new DockerCommandError(unreachable
        ? `docker ${command}: the engine at ${where} is not reachable`
        : `docker ${command} exited with code ${exitCode}`, {
        reason: unreachable ? 'daemon-unreachable' : 'failed',
        command,
        ...(exitCode === undefined ? {} : { exitCode }),
        stderr,
        ...(dockerHost ? { dockerHost } : {})
    });
}


/***/ }),

/***/ 986:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   NU: () => (/* binding */ cancelledExitCode),
/* harmony export */   PB: () => (/* binding */ abortOnSignals)
/* harmony export */ });
/* unused harmony export Interrupted */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);

/** Why a run stopped early: the process got a signal. The reason its signal is aborted with. */
class Interrupted extends Error {
    signal;
    constructor(signal) {
        super(`interrupted by ${signal}`);
        this.signal = signal;
        this.name = 'Interrupted';
    }
    /** The status of a process that died of the signal, as shells report it: 128 + its number. */
    get exitCode() {
        return 128 + node_os__WEBPACK_IMPORTED_MODULE_0__.constants.signals[this.signal];
    }
}
/** The exit status of a cancelled run: 130 (SIGINT), 143 (SIGTERM); 1 for any other reason. */
function cancelledExitCode(reason) {
    return reason instanceof Interrupted ? reason.exitCode : 1;
}
/**
 * Aborts `controller` on the first SIGINT or SIGTERM, so the run stops and cleans up. Each
 * handler runs once: a second Ctrl-C gets the default action and ends the process at once.
 */
function abortOnSignals(controller) {
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => controller.abort(new Interrupted(signal)));
    }
}


/***/ }),

/***/ 764:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  ef: () => (/* reexport */ defaultGitIo),
  Qf: () => (/* binding */ resolveGitContext)
});

// UNUSED EXPORTS: PROVIDER_NAMES, detectProvider

// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(922);
;// CONCATENATED MODULE: ./src/git/facts.ts

/** Reads a nested field of a JSON payload; undefined unless it is a string or number. */
function payloadField(payload, ...path) {
    let value = payload;
    for (const key of path) {
        if (typeof value !== 'object' || value === null)
            return undefined;
        value = value[key];
    }
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number')
        return String(value);
    return undefined;
}
/** An environment variable, undefined when unset or empty (CI systems export empty ones). */
function envValue(env, name) {
    const value = env[name]?.trim();
    return value ? value : undefined;
}
/** The branch, tag or pull request number a full git ref names. */
function parseRef(ref) {
    if (!ref)
        return {};
    if (ref.startsWith('refs/heads/'))
        return { branch: ref.slice('refs/heads/'.length) };
    if (ref.startsWith('refs/tags/'))
        return { tag: ref.slice('refs/tags/'.length) };
    const pull = /^refs\/(?:pull|merge-requests)\/(\d+)\//.exec(ref);
    return pull ? { prNumber: Number(pull[1]) } : {};
}
/** `refs/heads/main` → `main`; a bare name is kept. */
function stripHeads(name) {
    return name?.replace(/^refs\/heads\//, '');
}
/** The GitContext fields of a tag build. */
function tagBuild(tag) {
    return { event: 'tag', ref: `refs/tags/${tag}`, tag };
}
/** The GitContext fields of a build of `branch`: pushed, started by hand, or scheduled. */
function branchBuild(branch, event = 'branch') {
    return { event, ref: `refs/heads/${branch}`, branch };
}
/**
 * The GitContext fields of a pull (merge) request build: `head` is the source branch (it is
 * also `branch`, so branch rules work on pull requests), `base` the target branch.
 */
function pullRequestBuild(number, { head, base, ref = `refs/pull/${number}/head` }) {
    return {
        event: 'pull_request',
        ref,
        prNumber: Number(number),
        branch: head,
        headRef: head,
        baseRef: base
    };
}
/**
 * The DOCKER_METADATA_* variables of docker/metadata-action that mean something for a
 * push, applied to a provider's context:
 * - DOCKER_METADATA_PR_HEAD_SHA=false: a pull request's tags name the merge commit the CI
 *   built (metadata-action's default), not the head commit (ours);
 * - DOCKER_METADATA_SHORT_SHA_LENGTH: the length of `{{sha}}` and `type=sha`;
 * - DOCKER_METADATA_ANNOTATIONS_LEVELS: the levels of the `annotations` output.
 */
function withMetadataEnv(context, env) {
    const result = { ...context };
    const headSha = envValue(env, 'DOCKER_METADATA_PR_HEAD_SHA');
    if (headSha !== undefined && !/true/i.test(headSha) && context.mergeSha) {
        result.sha = context.mergeSha;
    }
    const length = envValue(env, 'DOCKER_METADATA_SHORT_SHA_LENGTH');
    if (length !== undefined) {
        if (!/^\d+$/.test(length) || Number(length) === 0) {
            throw new errors/* OcirPushError */.oW(`DOCKER_METADATA_SHORT_SHA_LENGTH is not a positive number: '${length}'`, {
                fix: 'set DOCKER_METADATA_SHORT_SHA_LENGTH to the number of characters of the short commit, e.g. 12, or unset it for 7'
            });
        }
        result.shortShaLength = Number(length);
    }
    const levels = envValue(env, 'DOCKER_METADATA_ANNOTATIONS_LEVELS');
    if (levels !== undefined) {
        result.annotationLevels = levels
            .split(',')
            .map(level => level.trim())
            .filter(Boolean);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/git/providers/azure.ts

/**
 * Azure Pipelines: BUILD_REASON, BUILD_SOURCEBRANCH (a full ref), BUILD_SOURCEVERSION
 * and, for pull requests, SYSTEM_PULLREQUEST_*: the number is PULLREQUESTNUMBER for
 * GitHub repositories and PULLREQUESTID for Azure Repos; BUILD_SOURCEVERSION is then
 * the merge commit and SYSTEM_PULLREQUEST_SOURCECOMMITID (GitHub only) the head.
 */
function azureContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const eventName = value('BUILD_REASON') ?? '';
    const ref = value('BUILD_SOURCEBRANCH') ?? '';
    const builtSha = value('BUILD_SOURCEVERSION') ?? git.headSha ?? '';
    const base = {
        provider: 'azure',
        eventName,
        ref,
        sha: builtSha,
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const pullRequest = value('SYSTEM_PULLREQUEST_PULLREQUESTNUMBER') ?? value('SYSTEM_PULLREQUEST_PULLREQUESTID');
    if (eventName === 'PullRequest' && pullRequest !== undefined) {
        const headSha = value('SYSTEM_PULLREQUEST_SOURCECOMMITID') ?? builtSha;
        const headRef = stripHeads(value('SYSTEM_PULLREQUEST_SOURCEBRANCH'));
        return {
            ...base,
            event: 'pull_request',
            sha: headSha,
            mergeSha: headSha !== builtSha ? builtSha : undefined,
            prNumber: Number(pullRequest),
            branch: headRef,
            headRef,
            baseRef: stripHeads(value('SYSTEM_PULLREQUEST_TARGETBRANCH'))
        };
    }
    const { branch, tag } = parseRef(ref);
    if (tag !== undefined)
        return { ...base, event: 'tag', tag };
    if (branch !== undefined) {
        return { ...base, event: eventName === 'Schedule' ? 'schedule' : 'branch', branch };
    }
    return { ...base, event: 'other' };
}

;// CONCATENATED MODULE: ./src/git/providers/bitbucket.ts

/**
 * Bitbucket Pipelines: BITBUCKET_COMMIT, BITBUCKET_BRANCH, BITBUCKET_TAG and, in
 * pull-request pipelines, BITBUCKET_PR_ID and BITBUCKET_PR_DESTINATION_BRANCH (the
 * branch is then the source branch and the commit its head). Bitbucket exports no
 * default branch: it comes from git's origin/HEAD.
 */
function bitbucketContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const base = {
        provider: 'bitbucket',
        sha: value('BITBUCKET_COMMIT') ?? git.headSha ?? '',
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const branch = value('BITBUCKET_BRANCH');
    const pullRequest = value('BITBUCKET_PR_ID');
    if (pullRequest !== undefined) {
        return {
            ...base,
            eventName: 'pull-request',
            ...pullRequestBuild(pullRequest, {
                head: branch,
                base: value('BITBUCKET_PR_DESTINATION_BRANCH'),
                // Bitbucket builds the source branch itself, not a merge ref.
                ref: branch ? `refs/heads/${branch}` : ''
            })
        };
    }
    const tag = value('BITBUCKET_TAG');
    if (tag !== undefined) {
        return { ...base, eventName: 'tag', ...tagBuild(tag) };
    }
    if (branch !== undefined) {
        return { ...base, eventName: 'branch', ...branchBuild(branch) };
    }
    return { ...base, event: 'other', eventName: 'custom', ref: '' };
}

;// CONCATENATED MODULE: ./src/git/providers/buildkite.ts

/**
 * Buildkite: BUILDKITE_COMMIT (may be `HEAD` for builds started in the UI: then git's
 * HEAD), BUILDKITE_BRANCH, BUILDKITE_TAG, BUILDKITE_PULL_REQUEST (`false` or a number),
 * BUILDKITE_PULL_REQUEST_BASE_BRANCH, BUILDKITE_PIPELINE_DEFAULT_BRANCH, BUILDKITE_SOURCE.
 */
function buildkiteContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const eventName = value('BUILDKITE_SOURCE') ?? '';
    const commit = value('BUILDKITE_COMMIT');
    const base = {
        provider: 'buildkite',
        eventName,
        sha: (commit && /^[0-9a-f]{7,}$/i.test(commit) ? commit : git.headSha) ?? '',
        defaultBranch: value('BUILDKITE_PIPELINE_DEFAULT_BRANCH') ?? git.defaultBranch,
        date: now.toISOString()
    };
    const branch = value('BUILDKITE_BRANCH');
    const pullRequest = value('BUILDKITE_PULL_REQUEST');
    if (pullRequest !== undefined && /^\d+$/.test(pullRequest)) {
        return {
            ...base,
            ...pullRequestBuild(pullRequest, {
                head: branch,
                base: value('BUILDKITE_PULL_REQUEST_BASE_BRANCH')
            })
        };
    }
    const tag = value('BUILDKITE_TAG');
    if (tag !== undefined)
        return { ...base, ...tagBuild(tag) };
    if (branch !== undefined) {
        return { ...base, ...branchBuild(branch, eventName === 'schedule' ? 'schedule' : 'branch') };
    }
    return { ...base, event: 'other', ref: '' };
}

;// CONCATENATED MODULE: ./src/git/providers/circleci.ts

/**
 * CircleCI: CIRCLE_SHA1, CIRCLE_BRANCH, CIRCLE_TAG, CIRCLE_PR_NUMBER and
 * CIRCLE_PULL_REQUEST. CircleCI builds pushes: a branch with an open pull request is
 * still a branch build. A build of a fork's pull request has the branch `pull/<n>`.
 */
function circleciContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const base = {
        provider: 'circleci',
        sha: value('CIRCLE_SHA1') ?? git.headSha ?? '',
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const tag = value('CIRCLE_TAG');
    if (tag !== undefined) {
        return { ...base, eventName: 'tag', ...tagBuild(tag) };
    }
    const branch = value('CIRCLE_BRANCH');
    const forkPullRequest = branch === undefined ? undefined : /^pull\/(\d+)$/.exec(branch);
    const prNumber = value('CIRCLE_PR_NUMBER') ??
        forkPullRequest?.[1] ??
        /\/pull\/(\d+)$/.exec(value('CIRCLE_PULL_REQUEST') ?? '')?.[1];
    if (forkPullRequest && prNumber !== undefined) {
        return { ...base, eventName: 'pull_request', ...pullRequestBuild(prNumber, {}) };
    }
    if (branch !== undefined) {
        return {
            ...base,
            eventName: 'branch',
            ...branchBuild(branch),
            prNumber: prNumber === undefined ? undefined : Number(prNumber)
        };
    }
    return { ...base, event: 'other', eventName: 'other', ref: '' };
}

;// CONCATENATED MODULE: ./src/git/providers/github.ts

/**
 * GitHub Actions: GITHUB_EVENT_NAME, GITHUB_REF, GITHUB_SHA and the event payload at
 * GITHUB_EVENT_PATH. On a pull request GITHUB_SHA is the merge commit GitHub made; the
 * head commit the author pushed comes from the payload. The payload also gives the date
 * of a pushed commit, the repository's description for the OCI labels, and on a tag push
 * the branch it was pushed from (`base_ref`).
 */
function githubContext({ env, payload, git, now }) {
    const eventName = envValue(env, 'GITHUB_EVENT_NAME') ?? '';
    const ref = envValue(env, 'GITHUB_REF') ?? '';
    const sha = envValue(env, 'GITHUB_SHA') ?? git.headSha ?? '';
    const defaultBranch = payloadField(payload, 'repository', 'default_branch') ?? git.defaultBranch;
    const date = now.toISOString();
    const base = {
        provider: 'github',
        eventName,
        ref,
        sha,
        date,
        commitDate: pushedCommitDate(payload, sha),
        repository: repositoryFacts(payload)
    };
    const pullRequestNumber = payloadField(payload, 'pull_request', 'number') ?? payloadField(payload, 'number');
    if (eventName.startsWith('pull_request') && pullRequestNumber !== undefined) {
        const headSha = payloadField(payload, 'pull_request', 'head', 'sha') ?? sha;
        const headRef = envValue(env, 'GITHUB_HEAD_REF') ?? payloadField(payload, 'pull_request', 'head', 'ref');
        const baseRef = envValue(env, 'GITHUB_BASE_REF') ?? payloadField(payload, 'pull_request', 'base', 'ref');
        // pull_request builds the merge commit (GITHUB_SHA); pull_request_target the base branch.
        const mergeSha = eventName === 'pull_request'
            ? sha
            : (payloadField(payload, 'pull_request', 'merge_commit_sha') ?? undefined);
        return {
            ...base,
            event: 'pull_request',
            sha: headSha,
            mergeSha: mergeSha && mergeSha !== headSha ? mergeSha : undefined,
            prNumber: Number(pullRequestNumber),
            branch: headRef,
            headRef,
            baseRef,
            defaultBranch
        };
    }
    const { branch, tag } = parseRef(ref);
    if (tag !== undefined) {
        const baseRef = stripHeads(payloadField(payload, 'base_ref'));
        return { ...base, event: 'tag', tag, baseRef, defaultBranch };
    }
    if (branch !== undefined) {
        return {
            ...base,
            event: eventName === 'schedule' ? 'schedule' : 'branch',
            branch,
            // A schedule runs on the default branch; its payload has no repository to say so.
            defaultBranch: defaultBranch ?? (eventName === 'schedule' ? branch : undefined)
        };
    }
    return { ...base, event: eventName === 'schedule' ? 'schedule' : 'other', defaultBranch };
}
/** The date of `sha` when the payload lists it (a push: `commits`, `head_commit`). */
function pushedCommitDate(payload, sha) {
    const commits = payload?.commits;
    const listed = Array.isArray(commits) ? commits : [];
    for (const commit of [...listed, payload?.head_commit]) {
        if (payloadField(commit, 'id') === sha)
            return payloadField(commit, 'timestamp');
    }
    return undefined;
}
function repositoryFacts(payload) {
    const field = (...path) => payloadField(payload, 'repository', ...path);
    if (field('name') === undefined)
        return undefined;
    return {
        name: field('name'),
        description: field('description'),
        url: field('html_url'),
        license: field('license', 'spdx_id')
    };
}

;// CONCATENATED MODULE: ./src/git/providers/gitlab.ts

/**
 * GitLab CI: CI_PIPELINE_SOURCE, CI_COMMIT_SHA/BRANCH/TAG, CI_DEFAULT_BRANCH and, in
 * merge request pipelines, CI_MERGE_REQUEST_*. In a merged-results pipeline
 * CI_COMMIT_SHA is the merge result and CI_MERGE_REQUEST_SOURCE_BRANCH_SHA the head.
 */
function gitlabContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const eventName = value('CI_PIPELINE_SOURCE') ?? '';
    const commitSha = value('CI_COMMIT_SHA') ?? git.headSha ?? '';
    const base = {
        provider: 'gitlab',
        eventName,
        sha: commitSha,
        defaultBranch: value('CI_DEFAULT_BRANCH') ?? git.defaultBranch,
        date: now.toISOString()
    };
    const mergeRequest = value('CI_MERGE_REQUEST_IID');
    if (mergeRequest !== undefined) {
        const headSha = value('CI_MERGE_REQUEST_SOURCE_BRANCH_SHA') ?? commitSha;
        return {
            ...base,
            ...pullRequestBuild(mergeRequest, {
                head: value('CI_MERGE_REQUEST_SOURCE_BRANCH_NAME'),
                base: value('CI_MERGE_REQUEST_TARGET_BRANCH_NAME'),
                ref: `refs/merge-requests/${mergeRequest}/head`
            }),
            sha: headSha,
            mergeSha: headSha !== commitSha ? commitSha : undefined
        };
    }
    const tag = value('CI_COMMIT_TAG');
    if (tag !== undefined) {
        return { ...base, ...tagBuild(tag) };
    }
    const branch = value('CI_COMMIT_BRANCH');
    if (branch !== undefined) {
        return { ...base, ...branchBuild(branch, eventName === 'schedule' ? 'schedule' : 'branch') };
    }
    return { ...base, event: eventName === 'schedule' ? 'schedule' : 'other', ref: '' };
}

;// CONCATENATED MODULE: ./src/git/providers/jenkins.ts

/**
 * Jenkins (multibranch pipelines and the Git plugin): TAG_NAME, CHANGE_ID,
 * CHANGE_BRANCH, CHANGE_TARGET, BRANCH_NAME (`PR-12` for a pull request), GIT_COMMIT
 * and GIT_BRANCH (`origin/main` in a plain pipeline).
 */
function jenkinsContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const base = {
        provider: 'jenkins',
        sha: value('GIT_COMMIT') ?? git.headSha ?? '',
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const change = value('CHANGE_ID');
    if (change !== undefined) {
        return {
            ...base,
            eventName: 'change-request',
            ...pullRequestBuild(change, { head: value('CHANGE_BRANCH'), base: value('CHANGE_TARGET') })
        };
    }
    const tag = value('TAG_NAME');
    if (tag !== undefined) {
        return { ...base, eventName: 'tag', ...tagBuild(tag) };
    }
    const branch = value('BRANCH_NAME') ?? value('GIT_BRANCH')?.replace(/^(?:refs\/heads\/|origin\/)/, '');
    if (branch !== undefined) {
        return { ...base, eventName: 'branch', ...branchBuild(branch) };
    }
    return { ...base, event: 'other', eventName: 'other', ref: '' };
}

// EXTERNAL MODULE: ./src/tags/semver.ts
var semver = __nccwpck_require__(209);
;// CONCATENATED MODULE: ./src/git/providers/git.ts


/**
 * A plain git checkout (a laptop, or a CI this project does not know): HEAD, the tag on
 * HEAD (the highest semantic version when there are several) or else the branch.
 */
function plainGitContext({ git, now }) {
    const base = {
        provider: 'git',
        sha: git.headSha ?? '',
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const tag = pickTag(git.tagsAtHead);
    if (tag !== undefined) {
        return { ...base, eventName: 'tag', ...tagBuild(tag) };
    }
    if (git.branch !== undefined) {
        return { ...base, eventName: 'branch', ...branchBuild(git.branch) };
    }
    return { ...base, event: 'other', eventName: 'detached', ref: '' };
}
/** The highest semantic version among the tags, else the first tag by name. */
function pickTag(tags) {
    const versions = tags.flatMap(tag => {
        const version = (0,semver/* parseSemver */.k)(tag.replace(/\//g, '-'));
        return version ? [{ tag, version }] : [];
    });
    if (versions.length > 0) {
        return versions.reduce((best, entry) => (0,semver/* compareSemver */.m)(entry.version, best.version) > 0 ? entry : best).tag;
    }
    return [...tags].sort()[0];
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: ./src/common/constants.ts
var constants = __nccwpck_require__(952);
;// CONCATENATED MODULE: ./src/git/io.ts


function defaultGitIo(cwd = process.cwd()) {
    return {
        readFile: path => (0,promises_.readFile)(path, 'utf8'),
        git: async (args) => {
            // Loaded on first use: a GitHub event payload usually answers everything git would.
            const { execFile } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 421, 23));
            return new Promise(resolve => {
                execFile('git', args, { cwd, env: (0,constants/* withoutAuthToken */.Ic)(process.env), windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
            });
        },
        now: () => new Date()
    };
}

;// CONCATENATED MODULE: ./src/git/index.ts











/** Each CI, the variable that tells it is the one running, and how it builds a GitContext. */
const PROVIDERS = [
    { name: 'github', detectedBy: 'GITHUB_ACTIONS', context: githubContext },
    { name: 'gitlab', detectedBy: 'GITLAB_CI', context: gitlabContext },
    { name: 'bitbucket', detectedBy: 'BITBUCKET_BUILD_NUMBER', context: bitbucketContext },
    { name: 'azure', detectedBy: 'TF_BUILD', context: azureContext },
    { name: 'circleci', detectedBy: 'CIRCLECI', context: circleciContext },
    { name: 'jenkins', detectedBy: 'JENKINS_URL', context: jenkinsContext },
    { name: 'buildkite', detectedBy: 'BUILDKITE', context: buildkiteContext },
    { name: 'git', context: plainGitContext }
];
const PROVIDER_NAMES = PROVIDERS.map(provider => provider.name);
/** The CI this runs on, from its marker variable; `git` when none is set. */
function detectProvider(env) {
    return PROVIDERS.find(provider => provider.detectedBy && env[provider.detectedBy])?.name ?? 'git';
}
/** Each git fact: the command that reads it, and how its output reads. */
const GIT_FACTS = {
    headSha: { args: ['rev-parse', 'HEAD'], read: out => out || undefined },
    branch: { args: ['symbolic-ref', '--quiet', '--short', 'HEAD'], read: out => out || undefined },
    tagsAtHead: {
        args: ['tag', '--points-at', 'HEAD'],
        read: out => out
            .split('\n')
            .map(tag => tag.trim())
            .filter(Boolean)
    },
    defaultBranch: {
        args: ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'],
        read: out => (out ? out.replace(/^origin\//, '') : undefined)
    },
    commitDate: { args: ['log', '-1', '--format=%cI'], read: out => out || undefined }
};
/** What is known of a checkout where git tells nothing (no git, no repository). */
const NO_GIT_FACTS = { tagsAtHead: [] };
/**
 * `build`'s result with the git facts it reads, and only those, each from its own git
 * command: a CI's variables and event payload mostly tell what git would (a GitHub push's
 * payload all of it), and then no git runs. `build` is pure: run on what is known so far, it
 * shows which facts it reads; those are read (at once) until it reads nothing new.
 */
async function withGitFacts(io, build) {
    const known = { ...NO_GIT_FACTS };
    const fetched = new Set();
    for (;;) {
        const wanted = new Set();
        const result = build(new Proxy(known, {
            get: (target, name) => {
                if (typeof name === 'string' && Object.hasOwn(GIT_FACTS, name) && !fetched.has(name)) {
                    wanted.add(name);
                }
                return Reflect.get(target, name);
            }
        }));
        if (wanted.size === 0)
            return result;
        await Promise.all([...wanted].map(async (name) => {
            const fact = GIT_FACTS[name];
            const out = await io.git(fact.args);
            fetched.add(name);
            Object.assign(known, { [name]: out === undefined ? NO_GIT_FACTS[name] : fact.read(out) });
        }));
    }
}
/**
 * Reads the build's git context: the provider's environment, its event payload
 * (GitHub), what git says about the checkout where they do not, and the DOCKER_METADATA_*
 * variables.
 * `options.provider` forces a provider.
 */
async function resolveGitContext(env, io, options = {}) {
    const name = options.provider || detectProvider(env);
    const provider = PROVIDERS.find(candidate => candidate.name === name);
    if (!provider) {
        throw new errors/* OcirPushError */.oW(`unknown git provider '${name}'`, {
            fix: `choose one of: ${PROVIDER_NAMES.join(', ')}`
        });
    }
    const eventPath = name === 'github' ? env.GITHUB_EVENT_PATH : undefined;
    const payload = eventPath ? await readPayload(io, eventPath) : undefined;
    const now = io.now();
    const context = await withGitFacts(io, git => {
        const context = provider.context({ env, payload, git, now });
        // The payload's date of the commit (GitHub) is the one it names; git's is HEAD's.
        return { ...context, commitDate: context.commitDate ?? git.commitDate };
    });
    return withMetadataEnv(context, env);
}
async function readPayload(io, path) {
    try {
        return JSON.parse(await io.readFile(path));
    }
    catch (error) {
        throw new errors/* OcirPushError */.oW(`cannot read the event payload ${path}`, {
            fix: 'GITHUB_EVENT_PATH must name the JSON event file the runner wrote; unset it outside GitHub Actions',
            detail: error.message,
            cause: error
        });
    }
}


/***/ }),

/***/ 524:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $d: () => (/* binding */ sizeOf),
/* harmony export */   Wt: () => (/* binding */ platformsOf),
/* harmony export */   r6: () => (/* binding */ uniqueByDigest)
/* harmony export */ });
/** The platforms an image covers, in index order. */
function platformsOf(node) {
    const own = node.platform ? [node.platform] : [];
    return [...own, ...node.children.flatMap(platformsOf)];
}
/** Total bytes of config and layers of a single-platform image. */
function sizeOf(node) {
    if (node.children.length > 0)
        return undefined;
    return node.blobs.reduce((total, blob) => total + blob.size, 0);
}
/** Each item once by digest, in first-seen order: the same layer twice is uploaded once. */
function uniqueByDigest(items) {
    return [...new Map(items.map(item => [item.digest, item])).values()];
}


/***/ }),

/***/ 33:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dc: () => (/* binding */ verifiedChunks),
/* harmony export */   Ub: () => (/* binding */ verifyDigest),
/* harmony export */   bf: () => (/* binding */ digestUnder),
/* harmony export */   m: () => (/* binding */ parseDigest),
/* harmony export */   sI: () => (/* binding */ sha256Digest)
/* harmony export */ });
/* unused harmony exports digestOf, algorithmOf */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

/** The digest algorithms content may be addressed by, with the hex length of each. */
const HEX_LENGTH = { sha256: 64, sha512: 128 };
/** The content address of `bytes`: `sha256:<hex>`. */
function sha256Digest(bytes) {
    return digestOf(bytes, 'sha256');
}
function digestOf(bytes, algorithm) {
    return `${algorithm}:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(bytes).digest('hex')}`;
}
/**
 * The digest `bytes` have under a manifest reference: in the reference's own algorithm when
 * it is a digest (a registry confirms a PUT by digest with that digest), else sha256, the
 * digest a registry gives a tag.
 */
function digestUnder(reference, bytes) {
    const parsed = parseDigest(reference);
    return digestOf(bytes, 'algorithm' in parsed ? parsed.algorithm : 'sha256');
}
/** The algorithm of a digest this program accepts; sha256 for anything else. */
function algorithmOf(digest) {
    const parsed = parseDigest(digest);
    return 'algorithm' in parsed ? parsed.algorithm : 'sha256';
}
/**
 * `<algorithm>:<hex>` split and checked, or what is wrong with it (for a message such as
 * "digest 'x' is not …"). Only algorithms this program can verify are accepted: a digest
 * that cannot be checked must not be trusted.
 */
function parseDigest(digest) {
    if (typeof digest !== 'string')
        return { problem: 'is not a string' };
    const match = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
    if (!match)
        return { problem: "is not of the form '<algorithm>:<hex>'" };
    const [, algorithm, hex] = match;
    if (!Object.hasOwn(HEX_LENGTH, algorithm)) {
        return { problem: `uses unsupported digest algorithm '${algorithm}' (sha256 or sha512 only)` };
    }
    const length = HEX_LENGTH[algorithm];
    if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
        return { problem: `is not a ${algorithm} digest: ${length} lower-case hex digits expected` };
    }
    return { algorithm: algorithm, hex };
}
/** What is wrong with `bytes` as the content of `digest`, or undefined when they match. */
function verifyDigest(bytes, digest) {
    const actual = digestOf(bytes, digest.algorithm);
    return actual === `${digest.algorithm}:${digest.hex}` ? undefined : `its content is ${actual}`;
}
/**
 * A blob's bytes, passed on as they come while they are checked against its descriptor: fails
 * with `fail(problem)` at the first chunk past `size`, or at the end when it is short or its
 * digest differs. Bytes before `skip` are hashed but not passed on (a read from an offset).
 * Chunks pass as lent, the source's own memory.
 */
async function* verifiedChunks(chunks, expected, fail) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(expected.digest.algorithm);
    let seen = 0;
    let skip = expected.skip ?? 0;
    for await (const chunk of chunks) {
        seen += chunk.length;
        if (seen > expected.size) {
            throw fail(`it is longer than the ${expected.size} bytes its descriptor says`);
        }
        hash.update(chunk);
        const passed = chunk.subarray(Math.min(skip, chunk.length));
        skip = Math.max(0, skip - chunk.length);
        if (passed.length > 0)
            yield passed;
    }
    if (seen < expected.size) {
        throw fail(`it ends at ${seen} bytes; its descriptor says ${expected.size}`);
    }
    const actual = `${expected.digest.algorithm}:${hash.digest('hex')}`;
    if (actual !== `${expected.digest.algorithm}:${expected.digest.hex}`) {
        throw fail(`its content is ${actual}`);
    }
}


/***/ }),

/***/ 659:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   mI: () => (/* binding */ MediaTypes)
/* harmony export */ });
/** Manifest media types the engine reads and writes; `Accept` lists all of them. */
const MediaTypes = {
    DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    OciManifest: 'application/vnd.oci.image.manifest.v1+json',
    OciIndex: 'application/vnd.oci.image.index.v1+json',
    DockerConfig: 'application/vnd.docker.container.image.v1+json',
    DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    OciConfig: 'application/vnd.oci.image.config.v1+json',
    OciLayer: 'application/vnd.oci.image.layer.v1.tar',
    OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip'
};
const MANIFEST_ACCEPT = [
    MediaTypes.OciIndex,
    MediaTypes.DockerManifestList,
    MediaTypes.OciManifest,
    MediaTypes.DockerManifest
].join(', ');
function isIndexMediaType(mediaType) {
    return mediaType === MediaTypes.OciIndex || mediaType === MediaTypes.DockerManifestList;
}
/** `linux/arm64/v8` from a platform object. */
function formatPlatform(platform) {
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}


/***/ }),

/***/ 407:
/***/ ((module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__nccwpck_require__.r(__webpack_exports__);
/* harmony import */ var _action_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(629);
/* harmony import */ var _action_environment_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(872);
/* harmony import */ var _engine_cancel_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(986);



// The main step; the post step is its own bundle (src/post.ts), which action.yml names.
const cancel = new AbortController();
(0,_engine_cancel_js__WEBPACK_IMPORTED_MODULE_2__/* .abortOnSignals */ .PB)(cancel);
await (0,_action_main_js__WEBPACK_IMPORTED_MODULE_0__/* .runMain */ .V)((0,_action_environment_js__WEBPACK_IMPORTED_MODULE_1__/* .runnerEnvironment */ .i)(), { signal: cancel.signal });

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 100:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  readDockerArchive: () => (/* binding */ readDockerArchive)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = require("node:stream");
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __nccwpck_require__(466);
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = require("node:zlib");
// EXTERNAL MODULE: ./src/common/constants.ts
var constants = __nccwpck_require__(952);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(922);
// EXTERNAL MODULE: ./src/common/lent-chunks.ts
var lent_chunks = __nccwpck_require__(363);
// EXTERNAL MODULE: ./src/common/limiter.ts
var limiter = __nccwpck_require__(117);
// EXTERNAL MODULE: ./src/image/content.ts
var content = __nccwpck_require__(524);
// EXTERNAL MODULE: ./src/image/digest.ts
var digest = __nccwpck_require__(33);
// EXTERNAL MODULE: ./src/image/media-types.ts
var media_types = __nccwpck_require__(659);
// EXTERNAL MODULE: ./src/sources/documents.ts
var documents = __nccwpck_require__(720);
// EXTERNAL MODULE: ./src/sources/oci-layout.ts
var oci_layout = __nccwpck_require__(354);
// EXTERNAL MODULE: ./src/sources/store.ts
var sources_store = __nccwpck_require__(467);
;// CONCATENATED MODULE: ./src/sources/tar.ts
const BLOCK = 512;
/**
 * Reads a tar stream (ustar, GNU long names and links, pax headers) one entry at a time.
 * Data is skipped unless `want` asks for it, so archives of any size take little memory.
 */
async function* readTar(source, want = () => false) {
    const input = new ByteReader(source);
    let longName;
    let longLink;
    let pax = {};
    let globalPax = {};
    for (;;) {
        const header = await input.read(BLOCK);
        if (header === undefined || header.every(byte => byte === 0))
            return;
        const start = input.position - BLOCK;
        verifyChecksum(header, start);
        const typeflag = String.fromCharCode(header[156]);
        let size = checkedSize(parseNumber(header.subarray(124, 136)), start);
        const offset = input.position;
        if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
            const data = await input.readPadded(size);
            if (typeflag === 'L')
                longName = cString(data);
            else if (typeflag === 'K')
                longLink = cString(data);
            else if (typeflag === 'x')
                pax = parsePax(data);
            else
                globalPax = { ...globalPax, ...parsePax(data) };
            continue;
        }
        const attributes = { ...globalPax, ...pax };
        if (attributes.size !== undefined)
            size = checkedSize(decimal(attributes.size), start);
        const magic = header.subarray(257, 263).toString('latin1');
        const prefix = magic === 'ustar\0' ? cString(header.subarray(345, 500)) : '';
        const plainName = cString(header.subarray(0, 100));
        const entry = {
            name: attributes.path ?? longName ?? (prefix ? `${prefix}/${plainName}` : plainName),
            type: TYPES[typeflag] ?? typeflag,
            size,
            offset,
            linkname: attributes.linkpath ?? longLink ?? cString(header.subarray(157, 257))
        };
        longName = undefined;
        longLink = undefined;
        pax = {};
        // Only regular files carry data; for links and directories the size field is ignored.
        const dataSize = entry.type === 'file' ? size : 0;
        if (want(entry)) {
            yield { entry, data: await input.readPadded(dataSize) };
        }
        else {
            await input.skip(paddedSize(dataSize));
            yield { entry };
        }
    }
}
const TYPES = {
    '0': 'file',
    '\0': 'file',
    '7': 'file',
    '5': 'directory',
    '2': 'symlink',
    '1': 'hardlink'
};
function paddedSize(size) {
    return Math.ceil(size / BLOCK) * BLOCK;
}
function cString(bytes) {
    const end = bytes.indexOf(0);
    return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}
/** Octal, or GNU base-256 (high bit set) for sizes over 8 GiB. */
function parseNumber(field) {
    if (field[0] & 0x80) {
        let value = field[0] & 0x7f;
        for (const byte of field.subarray(1))
            value = value * 256 + byte;
        return value;
    }
    const text = cString(field).trim();
    if (text === '')
        return 0;
    return /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}
/** A size from a header: a whole number of bytes, or the archive is refused. */
function checkedSize(size, position) {
    if (!Number.isSafeInteger(size) || size < 0) {
        throw new Error(`not a tar archive: bad size in the header at byte ${position}`);
    }
    return size;
}
function decimal(text) {
    return /^[0-9]+$/.test(text) ? Number(text) : NaN;
}
function verifyChecksum(header, position) {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : header[i];
    if (sum !== parseNumber(header.subarray(148, 156))) {
        throw new Error(`not a tar archive: bad header checksum at byte ${position}`);
    }
}
/** Records `"<length> <key>=<value>\n"`; the length counts the whole record, in bytes. */
function parsePax(data) {
    const attributes = {};
    let position = 0;
    while (position < data.length) {
        const space = data.indexOf(0x20, position);
        if (space === -1)
            break;
        const length = Number(data.subarray(position, space).toString('latin1'));
        if (!Number.isInteger(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, position + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            attributes[record.slice(0, equals)] = record.slice(equals + 1);
        position += length;
    }
    return attributes;
}
/** Exact-length reads over a stream of chunks, tracking the absolute position. */
class ByteReader {
    position = 0;
    iterator;
    pending = Buffer.alloc(0);
    constructor(source) {
        this.iterator = source[Symbol.asyncIterator]();
    }
    /** Exactly `length` bytes, or undefined at a clean end of input. */
    async read(length) {
        const parts = [];
        let have = 0;
        while (have < length) {
            const chunk = await this.next(length - have);
            if (chunk === undefined) {
                if (have === 0)
                    return undefined;
                throw new Error(`truncated tar archive at byte ${this.position}`);
            }
            parts.push(chunk);
            have += chunk.length;
        }
        return parts.length === 1 ? parts[0] : Buffer.concat(parts);
    }
    async readPadded(size) {
        const data = size === 0 ? Buffer.alloc(0) : await this.read(size);
        if (data === undefined)
            throw new Error(`truncated tar archive at byte ${this.position}`);
        await this.skip(paddedSize(size) - size);
        return data;
    }
    async skip(length) {
        let remaining = length;
        while (remaining > 0) {
            const chunk = await this.next(remaining);
            if (chunk === undefined)
                throw new Error(`truncated tar archive at byte ${this.position}`);
            remaining -= chunk.length;
        }
    }
    /** Up to `limit` bytes: what is pending first, else the next chunk of input. */
    async next(limit) {
        if (this.pending.length === 0) {
            const { value, done } = await this.iterator.next();
            if (done)
                return undefined;
            this.pending = value;
        }
        const chunk = this.pending.subarray(0, limit);
        this.pending = this.pending.subarray(chunk.length);
        this.position += chunk.length;
        return chunk;
    }
}

// EXTERNAL MODULE: ./src/sources/path.ts
var sources_path = __nccwpck_require__(955);
;// CONCATENATED MODULE: ./src/sources/docker-archive.ts



















const UNCOMPRESSED_LAYERS = new Set([
    media_types/* MediaTypes */.mI.OciLayer,
    'application/vnd.docker.image.rootfs.diff.tar'
]);
/**
 * Opens `docker-archive:<file>`. Docker 25+ writes an OCI layout inside the tar; older
 * versions only `manifest.json`. Either way, uncompressed layers are gzipped while streaming:
 * once, into `scratch` (a private directory the caller removes after the push), when given;
 * otherwise again for each upload, which costs CPU instead of disk.
 */
async function readDockerArchive(path, scratch) {
    await (0,sources_path/* requireSourcePath */.M)('docker-archive', path);
    const store = await tarStore(path);
    if ((await store.file('oci-layout')) && (await store.file('index.json'))) {
        return compressLayers(await (0,oci_layout/* readOciLayout */.I$)(store), store, new Map(), scratch);
    }
    return readLegacyArchive(store, scratch);
}
async function readLegacyArchive(store, scratch) {
    const manifestBytes = await (0,sources_store/* readDocumentFile */.K7)(store, 'manifest.json');
    if (!manifestBytes) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Image, `${store.label} has neither manifest.json nor index.json`, {
            fix: store.fix
        });
    }
    const saved = (0,documents/* readSavedImages */.E2)(manifestBytes, (0,sources_store/* originOf */.yv)(store, 'manifest.json'));
    if (saved.length !== 1) {
        const names = saved.flatMap(item => item.RepoTags).join(', ');
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Image, `${store.label} holds ${saved.length} images (${names})`, {
            fix: 'Save exactly one image per archive: `docker save <image> -o <file>`.'
        });
    }
    const [image] = saved;
    const configBytes = await (0,sources_store/* readDocumentFile */.K7)(store, image.Config);
    if (!configBytes)
        throw missing(store, image.Config);
    const platform = (0,documents/* readConfigPlatform */._g)(configBytes, (0,sources_store/* originOf */.yv)(store, image.Config));
    const config = {
        mediaType: media_types/* MediaTypes */.mI.DockerConfig,
        digest: (0,digest/* sha256Digest */.sI)(configBytes),
        size: configBytes.length,
        open: offset => external_node_stream_namespaceObject.Readable.from([configBytes.subarray(offset)])
    };
    const limit = (0,limiter/* limiter */.T)((0,external_node_os_.availableParallelism)());
    const layers = await Promise.all(image.Layers.map(layer => limit(() => legacyLayer(store, layer, scratch))));
    const manifest = {
        schemaVersion: 2,
        mediaType: media_types/* MediaTypes */.mI.DockerManifest,
        config: descriptor(config),
        layers: layers.map(descriptor)
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    return {
        mediaType: media_types/* MediaTypes */.mI.DockerManifest,
        bytes,
        digest: (0,digest/* sha256Digest */.sI)(bytes),
        blobs: (0,content/* uniqueByDigest */.r6)([config, ...layers]),
        children: [],
        platform
    };
}
/**
 * Rewrites manifests whose layers are plain tars to gzip ones (and indexes to match). Each
 * node is rewritten once however many indexes share it (`done`).
 */
function compressLayers(node, store, done, scratch) {
    let rewritten = done.get(node);
    if (!rewritten) {
        rewritten = compressNode(node, store, done, scratch);
        done.set(node, rewritten);
    }
    return rewritten;
}
async function compressNode(node, store, done, scratch) {
    // The layout reader has checked the document's shape.
    const document = JSON.parse(node.bytes.toString('utf8'));
    if ((0,media_types/* isIndexMediaType */.$$)(node.mediaType)) {
        const children = await Promise.all(node.children.map(child => compressLayers(child, store, done, scratch)));
        if (children.every((child, i) => child === node.children[i]))
            return node;
        const replaced = new Map(node.children.map((child, i) => [layoutDigest(child), children[i]]));
        document.manifests = document.manifests.map(manifest => {
            const child = replaced.get(manifest.digest);
            return child ? { ...manifest, digest: child.digest, size: child.bytes.length } : manifest;
        });
        return rebuilt(node, document, [], children);
    }
    if (!document.layers.some(layer => UNCOMPRESSED_LAYERS.has(layer.mediaType)))
        return node;
    const sources = new Map(node.blobs.map(blob => [blob.digest, blob]));
    const limit = (0,limiter/* limiter */.T)((0,external_node_os_.availableParallelism)());
    const compressed = new Map();
    const layers = await Promise.all(document.layers.map(async (layer) => {
        const source = sources.get(layer.digest);
        if (!UNCOMPRESSED_LAYERS.has(layer.mediaType))
            return { descriptor: layer, blob: source };
        let pending = compressed.get(layer.digest);
        if (!pending) {
            const origin = (0,sources_store/* originOf */.yv)(store, `layer ${layer.digest}`);
            pending = limit(() => gzippedLayer(() => source.open(0), origin, scratch));
            compressed.set(layer.digest, pending);
        }
        const blob = await pending;
        const mediaType = gzipped(layer.mediaType);
        return { descriptor: { ...layer, mediaType, digest: blob.digest, size: blob.size }, blob };
    }));
    document.layers = layers.map(layer => layer.descriptor);
    const config = sources.get(document.config.digest);
    return rebuilt(node, document, (0,content/* uniqueByDigest */.r6)([config, ...layers.map(layer => layer.blob)]), []);
}
/** The digest the layout names a node by, which its parent index references. */
function layoutDigest(node) {
    return node.sourceDigest ?? node.digest;
}
function rebuilt(node, document, blobs, children) {
    const bytes = Buffer.from(JSON.stringify(document));
    const { mediaType, platform } = node;
    return { mediaType, bytes, digest: (0,digest/* sha256Digest */.sI)(bytes), blobs, children, platform };
}
function gzipped(mediaType) {
    return mediaType === media_types/* MediaTypes */.mI.OciLayer ? media_types/* MediaTypes */.mI.OciLayerGzip : media_types/* MediaTypes */.mI.DockerLayerGzip;
}
/** A layer of a pre-25 archive, by its path: pushed as it is when gzipped, else gzipped. */
async function legacyLayer(store, path, scratch) {
    const file = await store.file(path);
    if (!file)
        throw missing(store, path);
    const origin = (0,sources_store/* originOf */.yv)(store, path);
    const head = await (0,sources_store/* readAll */.yw)(file.read(0, 2));
    if (head[0] === 0x1f && head[1] === 0x8b) {
        const measured = await measure(file.read(0));
        const content = (0,sources_store/* verifiedContent */.Qc)(() => file.read(0), measured, origin);
        return { mediaType: media_types/* MediaTypes */.mI.DockerLayerGzip, ...content };
    }
    return gzippedLayer(() => file.read(0), origin, scratch);
}
/**
 * A layer gzipped while streaming. The compressed digest needs one pass up front: with
 * `scratch`, that pass keeps the compressed bytes in a file there (0600), which the uploads
 * read; without it, uploads compress again (gzip is deterministic) rather than keep a copy.
 */
async function gzippedLayer(read, origin, scratch) {
    const mediaType = media_types/* MediaTypes */.mI.DockerLayerGzip;
    const compressed = () => {
        const gzip = (0,external_node_zlib_namespaceObject.createGzip)();
        (0,lent_chunks/* writeLentChunks */.n)(read(), gzip).catch((error) => gzip.destroy(error));
        return gzip;
    };
    if (!scratch) {
        const measured = await measure(compressed());
        return { mediaType, ...(0,sources_store/* verifiedContent */.Qc)(compressed, measured, origin) };
    }
    const file = (0,external_node_path_.join)(scratch, `${(0,external_node_crypto_.randomUUID)()}.tar.gz`);
    const measured = await measure(compressed(), (0,external_node_fs_.createWriteStream)(file, { mode: 0o600 }));
    return {
        mediaType,
        ...(0,sources_store/* verifiedContent */.Qc)(() => (0,sources_store/* fileRange */.Yj)(file, 0, measured.size), measured, origin)
    };
}
/** The digest and size of what `stream` gives, passed on to `into` when given. */
async function measure(chunks, into) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const count = async function* () {
        for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            if (into)
                yield chunk;
        }
    };
    if (into)
        await (0,lent_chunks/* writeLentChunks */.n)(count(), into).then(() => (0,promises_.finished)(into));
    else
        for await (const chunk of count())
            void chunk;
    return { digest: `sha256:${hash.digest('hex')}`, size };
}
function descriptor(blob) {
    return { mediaType: blob.mediaType, digest: blob.digest, size: blob.size };
}
function missing(store, path) {
    return new errors/* InputError */.dz(constants/* Inputs */.G0.Image, `${store.label} lacks ${path}`, {
        fix: 'The archive is incomplete or not from `docker save`; save the image again.'
    });
}
/** Indexes the archive once (names → data offsets) and then reads members in place. */
async function tarStore(path) {
    const label = `docker archive ${path}`;
    const entries = new Map();
    try {
        for await (const { entry } of readTar((0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 }))) {
            entries.set(external_node_path_.posix.normalize(entry.name), entry);
        }
    }
    catch (error) {
        throw new errors/* InputError */.dz(constants/* Inputs */.G0.Image, `${label}: ${error.message}`, {
            fix: 'Point image at a file written by `docker save <image> -o <file>`: docker-archive:<file>.',
            cause: error
        });
    }
    // `docker save` links repeated layers to their first copy; links resolve inside the archive.
    const resolve = (name, depth = 0) => {
        const entry = entries.get(external_node_path_.posix.normalize(name));
        if (entry?.type === 'symlink' && depth < 8) {
            return resolve(external_node_path_.posix.join(external_node_path_.posix.dirname(entry.name), entry.linkname), depth + 1);
        }
        if (entry?.type === 'hardlink' && depth < 8)
            return resolve(entry.linkname, depth + 1);
        return entry?.type === 'file' ? entry : undefined;
    };
    return {
        label,
        fix: 'The archive is corrupt or not from `docker save`; create it again with `docker save <image> -o <file>`.',
        file: name => {
            const entry = resolve(name);
            const file = entry && {
                size: entry.size,
                bytes: () => (0,sources_store/* readRange */.qX)(path, entry.offset, entry.size),
                read: (start, end = entry.size) => (0,sources_store/* fileRange */.Yj)(path, entry.offset + start, end - start)
            };
            return Promise.resolve(file);
        }
    };
}


/***/ }),

/***/ 720:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ readSavedImages),
/* harmony export */   I8: () => (/* binding */ sourceError),
/* harmony export */   Ps: () => (/* binding */ readImageDocument),
/* harmony export */   Xn: () => (/* binding */ readLayoutIndex),
/* harmony export */   _g: () => (/* binding */ readConfigPlatform),
/* harmony export */   bR: () => (/* binding */ digestOfDescriptor)
/* harmony export */ });
/* harmony import */ var _common_constants_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(952);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(922);
/* harmony import */ var _image_digest_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(33);
/* harmony import */ var _image_media_types_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(659);




function sourceError(origin, problem, cause) {
    return new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_common_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image, `${origin.label}: ${origin.file} ${problem}`, {
        fix: origin.fix,
        cause
    });
}
/** A descriptor's digest, parsed; the descriptor was checked, so it parses. */
function digestOfDescriptor(descriptor) {
    return (0,_image_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDigest */ .m)(descriptor.digest);
}
/** index.json of a layout: its `manifests`. */
function readLayoutIndex(bytes, origin) {
    const document = object(parseJson(bytes, origin), '', origin);
    return descriptors(document.manifests, 'manifests', origin);
}
/** A manifest or index; which one its `mediaType` says (or, absent, its descriptor's). */
function readImageDocument(bytes, descriptorMediaType, origin) {
    const document = object(parseJson(bytes, origin), '', origin);
    const mediaType = document.mediaType ?? descriptorMediaType;
    if (typeof mediaType !== 'string')
        fail(origin, 'mediaType', 'is not a string');
    if ((0,_image_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .isIndexMediaType */ .$$)(mediaType)) {
        return {
            kind: 'index',
            mediaType,
            manifests: descriptors(document.manifests, 'manifests', origin)
        };
    }
    return {
        kind: 'manifest',
        mediaType,
        config: descriptor(document.config, 'config', origin),
        layers: descriptors(document.layers, 'layers', origin)
    };
}
/** `linux/amd64`, … from an image config; undefined when it names no platform. */
function readConfigPlatform(bytes, origin) {
    const config = object(parseJson(bytes, origin), '', origin);
    return typeof config.os === 'string' && typeof config.architecture === 'string'
        ? (0,_image_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .formatPlatform */ .Bq)(config)
        : undefined;
}
/** `manifest.json` of `docker save`. */
function readSavedImages(bytes, origin) {
    const saved = parseJson(bytes, origin);
    if (!Array.isArray(saved))
        fail(origin, '', 'is not a JSON array of saved images');
    return saved.map((item, i) => {
        const image = object(item, `[${i}]`, origin);
        const tags = image.RepoTags ?? [];
        return {
            Config: string(image.Config, `[${i}].Config`, origin),
            RepoTags: strings(tags, `[${i}].RepoTags`, origin),
            Layers: strings(image.Layers, `[${i}].Layers`, origin)
        };
    });
}
function parseJson(bytes, origin) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch (error) {
        throw sourceError(origin, `is not valid JSON (${error.message})`, error);
    }
}
function fail(origin, field, problem) {
    throw sourceError(origin, field === '' ? problem : `field ${field} ${problem}`);
}
function object(value, field, origin) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(origin, field, 'is not a JSON object');
    }
    return value;
}
function string(value, field, origin) {
    if (typeof value !== 'string')
        fail(origin, field, 'is not a string');
    return value;
}
function strings(value, field, origin) {
    if (!Array.isArray(value))
        fail(origin, field, 'is not an array');
    return value.map((item, i) => string(item, `${field}[${i}]`, origin));
}
function descriptors(value, field, origin) {
    if (!Array.isArray(value))
        fail(origin, field, 'is not an array of descriptors');
    return value.map((item, i) => descriptor(item, `${field}[${i}]`, origin));
}
function descriptor(value, field, origin) {
    const item = object(value, field, origin);
    string(item.mediaType, `${field}.mediaType`, origin);
    const digest = (0,_image_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDigest */ .m)(item.digest);
    if ('problem' in digest)
        fail(origin, `${field}.digest`, digest.problem);
    const size = item.size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        const shown = size === undefined ? 'missing' : JSON.stringify(size);
        fail(origin, `${field}.size`, `is ${shown}, not a whole number of bytes`);
    }
    if (item.annotations !== undefined) {
        const annotations = object(item.annotations, `${field}.annotations`, origin);
        for (const [key, text] of Object.entries(annotations)) {
            string(text, `${field}.annotations.${key}`, origin);
        }
    }
    if (item.platform !== undefined) {
        const platform = object(item.platform, `${field}.platform`, origin);
        string(platform.os, `${field}.platform.os`, origin);
        string(platform.architecture, `${field}.platform.architecture`, origin);
    }
    return item;
}


/***/ }),

/***/ 354:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I$: () => (/* binding */ readOciLayout),
/* harmony export */   ny: () => (/* binding */ readOciLayoutDirectory)
/* harmony export */ });
/* unused harmony exports MAX_INDEX_DEPTH, blobPath */
/* harmony import */ var _common_constants_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(952);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(922);
/* harmony import */ var _common_limiter_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(117);
/* harmony import */ var _image_content_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(524);
/* harmony import */ var _image_digest_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(33);
/* harmony import */ var _documents_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(720);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(467);
/* harmony import */ var _path_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(955);








const REF_NAME = 'org.opencontainers.image.ref.name';
/** Indexes inside indexes, at most; real images have one or two. */
const MAX_INDEX_DEPTH = 8;
/** Files open at once while reading a layout, however wide its indexes. */
const FILE_CONCURRENCY = 32;
/** Opens `oci:<dir>[:<tag>]`: the manifest or index that `tag` names, or the only one. */
async function readOciLayoutDirectory(directory, tag) {
    await (0,_path_js__WEBPACK_IMPORTED_MODULE_5__/* .requireSourcePath */ .M)('oci', directory);
    return readOciLayout((0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .directoryStore */ .P7)(directory), tag);
}
async function readOciLayout(store, tag) {
    const reader = new LayoutReader(store);
    const indexBytes = await reader.readFile('index.json');
    if (!indexBytes) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_common_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image, `${store.label} has no index.json`, {
            fix: 'Export the image as an OCI image layout (for example `skopeo copy … oci:<dir>:<tag>` or buildx `--output type=oci,tar=false`).'
        });
    }
    const manifests = (0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .readLayoutIndex */ .Xn)(indexBytes, (0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .originOf */ .yv)(store, 'index.json'));
    const named = tag
        ? manifests.filter(manifest => manifest.annotations?.[REF_NAME] === tag)
        : manifests;
    if (named.length !== 1) {
        const names = manifests.map(manifest => manifest.annotations?.[REF_NAME]).filter(Boolean);
        const available = names.length ? `; it holds: ${names.join(', ')}` : '';
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_common_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image, tag
            ? `${store.label} has ${named.length === 0 ? 'no' : 'more than one'} image tagged '${tag}'`
            : `${store.label} holds ${named.length} images; say which one`, { fix: `Name one image as oci:<dir>:<tag>${available}.` });
    }
    return reader.node(named[0], 0);
}
function blobPath(digest) {
    return `blobs/${digest.algorithm}/${digest.hex}`;
}
/**
 * Reads one layout: every manifest, index and blob once (by digest), every document checked
 * against its digest before it is used, blobs checked for size now and for content as they
 * are streamed; at most `FILE_CONCURRENCY` files open at once.
 */
class LayoutReader {
    store;
    io = (0,_common_limiter_js__WEBPACK_IMPORTED_MODULE_6__/* .limiter */ .T)(FILE_CONCURRENCY);
    documents = new Map();
    blobs = new Map();
    nodes = new Map();
    constructor(store) {
        this.store = store;
    }
    /** A small file at the layout's root (`index.json`, `oci-layout`); undefined when absent. */
    readFile(path) {
        return this.io(() => (0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .readDocumentFile */ .K7)(this.store, path));
    }
    /**
     * The manifest or index `descriptor` names, with what it references; `depth` indexes are
     * above it. Each digest is read once, however many indexes share it. A document is parsed
     * only once its bytes match its digest, so no index can (transitively) contain itself;
     * the depth bound stops deep nesting and its recursion.
     */
    async node(descriptor, depth) {
        const node = await cached(this.nodes, descriptor.digest, () => this.readNode(descriptor, depth));
        this.checkSize(descriptor, node.bytes.length);
        return node;
    }
    async readNode(descriptor, depth) {
        const origin = (0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .originOf */ .yv)(this.store, blobPath((0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOfDescriptor */ .bR)(descriptor)));
        if (depth > MAX_INDEX_DEPTH) {
            throw (0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .sourceError */ .I8)(origin, `is nested in more than ${MAX_INDEX_DEPTH} levels of indexes`);
        }
        const bytes = await this.document(descriptor);
        const document = (0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .readImageDocument */ .Ps)(bytes, descriptor.mediaType, origin);
        const digest = (0,_image_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .sha256Digest */ .sI)(bytes);
        const own = {
            mediaType: document.mediaType,
            bytes,
            digest,
            ...(descriptor.digest === digest ? {} : { sourceDigest: descriptor.digest })
        };
        if (document.kind === 'index') {
            const children = await Promise.all(document.manifests.map(child => this.node(child, depth + 1)));
            return { ...own, blobs: [], children: (0,_image_content_js__WEBPACK_IMPORTED_MODULE_7__/* .uniqueByDigest */ .r6)(children) };
        }
        const [config, blobs] = await Promise.all([
            this.document(document.config),
            Promise.all([document.config, ...document.layers].map(blob => this.blob(blob)))
        ]);
        const configOrigin = (0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .originOf */ .yv)(this.store, blobPath((0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOfDescriptor */ .bR)(document.config)));
        return {
            ...own,
            blobs: (0,_image_content_js__WEBPACK_IMPORTED_MODULE_7__/* .uniqueByDigest */ .r6)(blobs),
            children: [],
            platform: (0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .readConfigPlatform */ ._g)(config, configOrigin)
        };
    }
    /** A manifest, index or config, whole, verified against its descriptor. */
    async document(descriptor) {
        const bytes = await cached(this.documents, descriptor.digest, async () => {
            const { file, origin } = await this.stored(descriptor);
            (0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .boundDocument */ .oY)(origin, file.size);
            const bytes = await this.io(() => file.bytes());
            const problem = (0,_image_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .verifyDigest */ .Ub)(bytes, (0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOfDescriptor */ .bR)(descriptor));
            if (problem)
                throw (0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .sourceError */ .I8)(origin, `is corrupt: ${problem}`);
            return bytes;
        });
        this.checkSize(descriptor, bytes.length);
        return bytes;
    }
    /** A config or layer to upload; its streams verify it. */
    async blob(descriptor) {
        const blob = await cached(this.blobs, descriptor.digest, async () => {
            const { file, origin } = await this.stored(descriptor);
            return (0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .verifiedContent */ .Qc)(() => file.read(0), descriptor, origin);
        });
        this.checkSize(descriptor, blob.size);
        return blob;
    }
    /** The file of a blob, present and of its descriptor's size. */
    async stored(descriptor) {
        const path = blobPath((0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOfDescriptor */ .bR)(descriptor));
        const file = await this.io(() => this.store.file(path));
        if (!file) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(_common_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Image, `${this.store.label} lacks blob ${descriptor.digest}`, {
                fix: 'The layout is incomplete (a platform or layer was not exported); export the whole image again.'
            });
        }
        this.checkSize(descriptor, file.size);
        return { file, origin: (0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .originOf */ .yv)(this.store, path) };
    }
    checkSize(descriptor, size) {
        if (size !== descriptor.size) {
            const path = blobPath((0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .digestOfDescriptor */ .bR)(descriptor));
            throw (0,_documents_js__WEBPACK_IMPORTED_MODULE_3__/* .sourceError */ .I8)((0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .originOf */ .yv)(this.store, path), `is corrupt: it is ${size} bytes, its descriptor says ${descriptor.size}`);
        }
    }
}
function cached(cache, key, make) {
    let value = cache.get(key);
    if (!value) {
        value = make();
        cache.set(key, value);
    }
    return value;
}


/***/ }),

/***/ 955:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ requireSourcePath)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_constants_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(952);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(922);



/**
 * Fails when the OCI layout directory or `docker save` tarball is not there. Checked before
 * the registry is asked anything, so a typo in the path is reported as one, not as whatever
 * the network says first.
 */
async function requireSourcePath(kind, path) {
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(path).catch(() => undefined);
    const example = kind === 'oci' ? 'oci:<dir>[:<tag>]' : 'docker-archive:<file>';
    if (!info) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(_common_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.Image, `not found: ${path}`, {
            fix: `Check the path (relative to the working directory) and that the step that writes it ran first: ${example}`
        });
    }
    if (kind === 'oci' ? !info.isDirectory() : info.isDirectory()) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(_common_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.Image, `${path} is ${kind === 'oci' ? 'not a directory' : 'a directory, not a file'}`, {
            fix: kind === 'oci'
                ? 'An OCI image layout is a directory (oci-layout, index.json, blobs/); a docker save tarball is docker-archive:<file>'
                : 'A docker save tarball is a file; an OCI image layout directory is oci:<dir>'
        });
    }
}


/***/ }),

/***/ 467:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K7: () => (/* binding */ readDocumentFile),
/* harmony export */   P7: () => (/* binding */ directoryStore),
/* harmony export */   Qc: () => (/* binding */ verifiedContent),
/* harmony export */   Yj: () => (/* binding */ fileRange),
/* harmony export */   oY: () => (/* binding */ boundDocument),
/* harmony export */   qX: () => (/* binding */ readRange),
/* harmony export */   yv: () => (/* binding */ originOf),
/* harmony export */   yw: () => (/* binding */ readAll)
/* harmony export */ });
/* unused harmony exports MAX_DOCUMENT_SIZE, FILE_READ_SIZE */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(922);
/* harmony import */ var _image_digest_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(33);
/* harmony import */ var _documents_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(720);





/** Largest JSON document read into memory (registries take manifests up to 4 MiB). */
const MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;
function originOf(store, file) {
    return { label: store.label, file, fix: store.fix };
}
/** What one read of a file asks for: a reader's buffers are each this size (or the range's). */
const FILE_READ_SIZE = 512 * 1024;
/**
 * Bytes `start` to `start + length - 1` of a file (fewer if it is shorter now), lent: two
 * buffers take turns, the next bytes read into one while the reader has the other, so that a
 * blob of any size is read with two buffers and leaves no garbage for the collector. A file
 * stream allocates a buffer per read instead: over a 1 GiB push, tens of MiB of dead buffers
 * pile up before a collection frees any, and the allocator keeps their pages.
 */
async function* fileRange(path, start, length) {
    if (length <= 0)
        return;
    const end = start + length;
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
    const size = Math.min(FILE_READ_SIZE, length);
    const buffers = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)];
    const readAt = (buffer, position) => {
        const reading = handle
            .read(buffer, 0, Math.min(buffer.length, end - position), position)
            .then(({ bytesRead }) => buffer.subarray(0, bytesRead));
        // Failed while the reader holds the chunk before it: the error comes at the next ask.
        reading.catch(() => undefined);
        return reading;
    };
    let next = readAt(buffers[0], start);
    try {
        for (let position = start, turn = 1; next; turn = 1 - turn) {
            const chunk = await next;
            position += chunk.length;
            // The other buffer was lent before this one and is free again: the reader asked on.
            next = chunk.length > 0 && position < end ? readAt(buffers[turn], position) : undefined;
            if (chunk.length > 0)
                yield chunk;
        }
    }
    finally {
        await next?.catch(() => undefined);
        await handle.close();
    }
}
/** `length` bytes of a file from `position` (fewer if it is shorter now). */
async function readRange(path, position, length) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
    try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
    }
    finally {
        await handle.close();
    }
}
/**
 * The layout in `directory`. A file is read only where it really is inside the directory:
 * a symbolic link out of it is refused, so no byte of another file can be uploaded.
 */
function directoryStore(directory) {
    const label = `OCI layout ${directory}`;
    const fix = 'The layout is corrupt or incomplete; export the image again (for example `skopeo copy … oci:<dir>:<tag>` or buildx `--output type=oci,tar=false`).';
    let root;
    return {
        label,
        fix,
        file: async (path) => {
            root ??= (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(directory);
            const real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(directory, path)).catch((error) => {
                if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
                    return undefined;
                throw error;
            });
            if (real === undefined)
                return undefined;
            const inside = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(await root, real);
            if (inside === '..' || inside.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}`) || (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(inside)) {
                throw (0,_documents_js__WEBPACK_IMPORTED_MODULE_4__/* .sourceError */ .I8)({
                    label,
                    file: path,
                    fix: 'Copy the file into the layout (for example `cp -rL <layout> <copy>`); links out of the layout are not followed.'
                }, `links to ${real}, outside the layout`);
            }
            const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(real);
            if (!info.isFile())
                throw (0,_documents_js__WEBPACK_IMPORTED_MODULE_4__/* .sourceError */ .I8)({ label, file: path, fix }, 'is not a regular file');
            return {
                size: info.size,
                bytes: () => readRange(real, 0, info.size),
                read: (start, end = info.size) => fileRange(real, start, end - start)
            };
        }
    };
}
/**
 * A blob whose reads check its bytes as they come: an error at the first byte past
 * `size`, or at the end when the digest differs. A read from an offset hashes the bytes
 * before it too (a resumed upload is rare; an unverified one would be a hole).
 */
function verifiedContent(read, expected, origin) {
    const digest = (0,_image_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .parseDigest */ .m)(expected.digest);
    const corrupt = (problem) => (0,_documents_js__WEBPACK_IMPORTED_MODULE_4__/* .sourceError */ .I8)(origin, `is corrupt: ${problem}`);
    return {
        digest: expected.digest,
        size: expected.size,
        open: async function* (offset) {
            try {
                // A reader that stops early returns through here, and the source closes its file.
                yield* (0,_image_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .verifiedChunks */ .Dc)(read(), { digest, size: expected.size, skip: offset }, corrupt);
            }
            catch (error) {
                // The source's own failure (a file removed mid-push) is the input's error.
                if (error instanceof _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OcirPushError */ .oW)
                    throw error;
                throw (0,_documents_js__WEBPACK_IMPORTED_MODULE_4__/* .sourceError */ .I8)(origin, `could not be read (${error.message})`, error);
            }
        }
    };
}
/** A small file read whole (index.json, a manifest, a config); undefined when absent. */
async function readDocumentFile(store, path) {
    const file = await store.file(path);
    if (!file)
        return undefined;
    boundDocument(originOf(store, path), file.size);
    return file.bytes();
}
function boundDocument(origin, size) {
    if (size > MAX_DOCUMENT_SIZE) {
        throw (0,_documents_js__WEBPACK_IMPORTED_MODULE_4__/* .sourceError */ .I8)(origin, `is ${size} bytes, more than the ${MAX_DOCUMENT_SIZE} a manifest, index or config may have`);
    }
}
/** All of lent chunks, each copied as it comes, for documents read whole. */
async function readAll(chunks) {
    const copies = [];
    for await (const chunk of chunks)
        copies.push(Buffer.from(chunk));
    return Buffer.concat(copies);
}


/***/ }),

/***/ 209:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ parseSemver),
/* harmony export */   m: () => (/* binding */ compareSemver)
/* harmony export */ });
/**
 * Semantic versions as docker/metadata-action accepts them (node-semver's strict
 * `valid`): an optional leading `v`, `MAJOR.MINOR.PATCH`, an optional pre-release and
 * build metadata, surrounding whitespace ignored.
 */
const NUMBER = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMBER}|\\d*[A-Za-z-][A-Za-z0-9-]*)`;
const SEMVER = new RegExp(`^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})` +
    `(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?` +
    `(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`);
function parseSemver(text) {
    const match = SEMVER.exec(text.trim());
    if (!match)
        return undefined;
    const [, major, minor, patch, prerelease] = match;
    const core = `${major}.${minor}.${patch}`;
    return {
        raw: text,
        version: prerelease ? `${core}-${prerelease}` : core,
        major,
        minor,
        patch,
        prerelease
    };
}
/** Orders versions by semver precedence (build metadata ignored); for picking the newest tag. */
function compareSemver(a, b) {
    for (const key of ['major', 'minor', 'patch']) {
        const difference = Number(a[key]) - Number(b[key]);
        if (difference !== 0)
            return Math.sign(difference);
    }
    if (a.prerelease === b.prerelease)
        return 0;
    if (a.prerelease === undefined)
        return 1;
    if (b.prerelease === undefined)
        return -1;
    const left = a.prerelease.split('.');
    const right = b.prerelease.split('.');
    for (let index = 0; index < Math.max(left.length, right.length); index++) {
        if (left[index] === undefined)
            return -1;
        if (right[index] === undefined)
            return 1;
        const order = compareIdentifier(left[index], right[index]);
        if (order !== 0)
            return order;
    }
    return 0;
}
function compareIdentifier(a, b) {
    const aNumeric = /^\d+$/.test(a);
    const bNumeric = /^\d+$/.test(b);
    if (aNumeric && bNumeric)
        return Math.sign(Number(a) - Number(b));
    if (aNumeric !== bNumeric)
        return aNumeric ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
}


/***/ }),

/***/ 278:
/***/ ((module) => {

"use strict";
module.exports = require("net");

/***/ }),

/***/ 421:
/***/ ((module) => {

"use strict";
module.exports = require("node:child_process");

/***/ }),

/***/ 598:
/***/ ((module) => {

"use strict";
module.exports = require("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

"use strict";
module.exports = require("node:fs");

/***/ }),

/***/ 455:
/***/ ((module) => {

"use strict";
module.exports = require("node:fs/promises");

/***/ }),

/***/ 161:
/***/ ((module) => {

"use strict";
module.exports = require("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

"use strict";
module.exports = require("node:path");

/***/ }),

/***/ 466:
/***/ ((module) => {

"use strict";
module.exports = require("node:stream/promises");

/***/ }),

/***/ 857:
/***/ ((module) => {

"use strict";
module.exports = require("os");

/***/ }),

/***/ 756:
/***/ ((module) => {

"use strict";
module.exports = require("tls");

/***/ }),

/***/ 18:
/***/ ((module) => {

"use strict";
module.exports = require("tty");

/***/ }),

/***/ 16:
/***/ ((module) => {

"use strict";
module.exports = require("url");

/***/ }),

/***/ 23:
/***/ ((module) => {

"use strict";
module.exports = require("util");

/***/ }),

/***/ 379:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

"use strict";

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  g6: () => (/* binding */ Agent)
});

// UNUSED EXPORTS: json, req, toBuffer

// EXTERNAL MODULE: external "net"
var external_net_ = __nccwpck_require__(278);
;// CONCATENATED MODULE: external "http"
const external_http_namespaceObject = require("http");
;// CONCATENATED MODULE: external "https"
const external_https_namespaceObject = require("https");
;// CONCATENATED MODULE: ./node_modules/agent-base/dist/helpers.js


async function toBuffer(stream) {
    let length = 0;
    const chunks = [];
    for await (const chunk of stream) {
        length += chunk.length;
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, length);
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(stream) {
    const buf = await toBuffer(stream);
    const str = buf.toString('utf8');
    try {
        return JSON.parse(str);
    }
    catch (_err) {
        const err = _err;
        err.message += ` (input: ${str})`;
        throw err;
    }
}
function req(url, opts = {}) {
    const href = typeof url === 'string' ? url : url.href;
    const req = (href.startsWith('https:') ? https : http).request(url, opts);
    const promise = new Promise((resolve, reject) => {
        req
            .once('response', resolve)
            .once('error', reject)
            .end();
    });
    req.then = promise.then.bind(promise);
    return req;
}
//# sourceMappingURL=helpers.js.map
;// CONCATENATED MODULE: ./node_modules/agent-base/dist/index.js




const INTERNAL = Symbol('AgentBaseInternalState');
class Agent extends external_http_namespaceObject.Agent {
    constructor(opts) {
        super(opts);
        this[INTERNAL] = {};
    }
    /**
     * Determine whether this is an `http` or `https` request.
     */
    isSecureEndpoint(options) {
        if (options) {
            // First check the `secureEndpoint` property explicitly, since this
            // means that a parent `Agent` is "passing through" to this instance.
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            if (typeof options.secureEndpoint === 'boolean') {
                return options.secureEndpoint;
            }
            // If no explicit `secure` endpoint, check if `protocol` property is
            // set. This will usually be the case since using a full string URL
            // or `URL` instance should be the most common usage.
            if (typeof options.protocol === 'string') {
                return options.protocol === 'https:';
            }
        }
        // Finally, if no `protocol` property was set, then fall back to
        // checking the stack trace of the current call stack, and try to
        // detect the "https" module.
        const { stack } = new Error();
        if (typeof stack !== 'string')
            return false;
        return stack
            .split('\n')
            .some((l) => l.indexOf('(https.js:') !== -1 ||
            l.indexOf('node:https:') !== -1);
    }
    // In order to support async signatures in `connect()` and Node's native
    // connection pooling in `http.Agent`, the array of sockets for each origin
    // has to be updated synchronously. This is so the length of the array is
    // accurate when `addRequest()` is next called. We achieve this by creating a
    // fake socket and adding it to `sockets[origin]` and incrementing
    // `totalSocketCount`.
    incrementSockets(name) {
        // If `maxSockets` and `maxTotalSockets` are both Infinity then there is no
        // need to create a fake socket because Node.js native connection pooling
        // will never be invoked.
        if (this.maxSockets === Infinity && this.maxTotalSockets === Infinity) {
            return null;
        }
        // All instances of `sockets` are expected TypeScript errors. The
        // alternative is to add it as a private property of this class but that
        // will break TypeScript subclassing.
        if (!this.sockets[name]) {
            // @ts-expect-error `sockets` is readonly in `@types/node`
            this.sockets[name] = [];
        }
        const fakeSocket = new external_net_.Socket({ writable: false });
        this.sockets[name].push(fakeSocket);
        // @ts-expect-error `totalSocketCount` isn't defined in `@types/node`
        this.totalSocketCount++;
        return fakeSocket;
    }
    decrementSockets(name, socket) {
        if (!this.sockets[name] || socket === null) {
            return;
        }
        const sockets = this.sockets[name];
        const index = sockets.indexOf(socket);
        if (index !== -1) {
            sockets.splice(index, 1);
            // @ts-expect-error  `totalSocketCount` isn't defined in `@types/node`
            this.totalSocketCount--;
            if (sockets.length === 0) {
                // @ts-expect-error `sockets` is readonly in `@types/node`
                delete this.sockets[name];
            }
        }
    }
    // In order to properly update the socket pool, we need to call `getName()` on
    // the core `https.Agent` if it is a secureEndpoint.
    getName(options) {
        const secureEndpoint = this.isSecureEndpoint(options);
        if (secureEndpoint) {
            return external_https_namespaceObject.Agent.prototype.getName.call(this, options);
        }
        return super.getName(options);
    }
    createSocket(req, options, cb) {
        const connectOpts = {
            ...options,
            secureEndpoint: this.isSecureEndpoint(options),
        };
        const name = this.getName(connectOpts);
        const fakeSocket = this.incrementSockets(name);
        Promise.resolve()
            .then(() => this.connect(req, connectOpts))
            .then((socket) => {
            this.decrementSockets(name, fakeSocket);
            if (typeof socket
                .addRequest === 'function') {
                try {
                    return socket.addRequest(req, connectOpts);
                }
                catch (err) {
                    return cb(err);
                }
            }
            this[INTERNAL].currentSocket = socket;
            // @ts-expect-error `createSocket()` isn't defined in `@types/node`
            super.createSocket(req, options, cb);
        }, (err) => {
            this.decrementSockets(name, fakeSocket);
            cb(err);
        });
    }
    createConnection() {
        const socket = this[INTERNAL].currentSocket;
        this[INTERNAL].currentSocket = undefined;
        if (!socket) {
            throw new Error('No socket was returned in the `connect()` function');
        }
        return socket;
    }
    get defaultPort() {
        return (this[INTERNAL].defaultPort ??
            (this.protocol === 'https:' ? 443 : 80));
    }
    set defaultPort(v) {
        if (this[INTERNAL]) {
            this[INTERNAL].defaultPort = v;
        }
    }
    get protocol() {
        return (this[INTERNAL].protocol ??
            (this.isSecureEndpoint() ? 'https:' : 'http:'));
    }
    set protocol(v) {
        if (this[INTERNAL]) {
            this[INTERNAL].protocol = v;
        }
    }
}
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 6:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

"use strict";

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  HttpProxyAgent: () => (/* binding */ HttpProxyAgent)
});

// EXTERNAL MODULE: external "net"
var external_net_ = __nccwpck_require__(278);
// EXTERNAL MODULE: external "tls"
var external_tls_ = __nccwpck_require__(756);
// EXTERNAL MODULE: ./node_modules/debug/src/index.js
var src = __nccwpck_require__(830);
;// CONCATENATED MODULE: external "events"
const external_events_namespaceObject = require("events");
// EXTERNAL MODULE: ./node_modules/agent-base/dist/index.js + 3 modules
var dist = __nccwpck_require__(379);
// EXTERNAL MODULE: external "url"
var external_url_ = __nccwpck_require__(16);
// EXTERNAL MODULE: ./node_modules/proxy-agent-negotiate/dist/index.js
var proxy_agent_negotiate_dist = __nccwpck_require__(825);
;// CONCATENATED MODULE: ./node_modules/http-proxy-agent/dist/index.js







const debug = src('http-proxy-agent');
/**
 * The `HttpProxyAgent` implements an HTTP Agent subclass that connects
 * to the specified "HTTP proxy server" in order to proxy HTTP requests.
 */
class HttpProxyAgent extends dist/* Agent */.g6 {
    constructor(proxy, opts) {
        super(opts);
        this.proxy = typeof proxy === 'string' ? new external_url_.URL(proxy) : proxy;
        this.proxyHeaders = opts?.headers ?? {};
        debug('Creating new HttpProxyAgent instance: %o', this.proxy.href);
        if (opts?.negotiate) {
            this.onProxyAuth = (0,proxy_agent_negotiate_dist/* createNegotiateAuth */.h)();
        }
        else if (opts?.onProxyAuth) {
            this.onProxyAuth = opts.onProxyAuth;
        }
        // Trim off the brackets from IPv6 addresses
        const host = (this.proxy.hostname || this.proxy.host).replace(/^\[|\]$/g, '');
        const port = this.proxy.port
            ? parseInt(this.proxy.port, 10)
            : this.proxy.protocol === 'https:'
                ? 443
                : 80;
        this.connectOpts = {
            ...(opts
                ? omit(opts, 'headers', 'onProxyAuth', 'negotiate')
                : null),
            host,
            port,
        };
    }
    addRequest(req, opts) {
        req._header = null;
        this.setRequestProps(req, opts);
        // @ts-expect-error `addRequest()` isn't defined in `@types/node`
        super.addRequest(req, opts);
    }
    setRequestProps(req, opts) {
        const { proxy } = this;
        const protocol = opts.secureEndpoint ? 'https:' : 'http:';
        const hostname = req.getHeader('host') || 'localhost';
        const base = `${protocol}//${hostname}`;
        const url = new external_url_.URL(req.path, base);
        if (opts.port !== 80) {
            url.port = String(opts.port);
        }
        // Change the `http.ClientRequest` instance's "path" field
        // to the absolute path of the URL that will be requested.
        req.path = String(url);
        // Inject the `Proxy-Authorization` header if necessary.
        const headers = typeof this.proxyHeaders === 'function'
            ? this.proxyHeaders()
            : { ...this.proxyHeaders };
        if (proxy.username || proxy.password) {
            const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
            headers['Proxy-Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
        }
        if (!headers['Proxy-Connection']) {
            headers['Proxy-Connection'] = this.keepAlive
                ? 'Keep-Alive'
                : 'close';
        }
        for (const name of Object.keys(headers)) {
            const value = headers[name];
            if (value) {
                req.setHeader(name, value);
            }
        }
    }
    async connect(req, opts) {
        req._header = null;
        if (!req.path.includes('://')) {
            this.setRequestProps(req, opts);
        }
        // At this point, the http ClientRequest's internal `_header` field
        // might have already been set. If this is the case then we'll need
        // to re-generate the string since we just changed the `req.path`.
        let first;
        let endOfHeaders;
        debug('Regenerating stored HTTP header string for request');
        req._implicitHeader();
        if (req.outputData && req.outputData.length > 0) {
            debug('Patching connection write() output buffer with updated header');
            first = req.outputData[0].data;
            endOfHeaders = first.indexOf('\r\n\r\n') + 4;
            req.outputData[0].data =
                req._header + first.substring(endOfHeaders);
            debug('Output buffer: %o', req.outputData[0].data);
        }
        // Create a socket connection to the proxy server.
        let socket;
        if (this.proxy.protocol === 'https:') {
            debug('Creating `tls.Socket`: %o', this.connectOpts);
            socket = external_tls_.connect(this.connectOpts);
        }
        else {
            debug('Creating `net.Socket`: %o', this.connectOpts);
            socket = external_net_.connect(this.connectOpts);
        }
        // Wait for the socket's `connect` event, so that this `callback()`
        // function throws instead of the `http` request machinery. This is
        // important for i.e. `PacProxyAgent` which determines a failed proxy
        // connection via the `callback()` function throwing.
        await (0,external_events_namespaceObject.once)(socket, 'connect');
        // Emit the 'proxyConnect' event for parity with https-proxy-agent
        const connect = { socket };
        req.emit('proxyConnect', connect);
        this.emit('proxyConnect', connect, req);
        req.emit('proxy', { proxy: this.proxy.href, socket });
        return socket;
    }
}
HttpProxyAgent.protocols = ['http', 'https'];
function omit(obj, ...keys) {
    const ret = {};
    let key;
    for (key in obj) {
        if (!keys.includes(key)) {
            ret[key] = obj[key];
        }
    }
    return ret;
}
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 883:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

"use strict";

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  HttpsProxyAgent: () => (/* binding */ HttpsProxyAgent)
});

// EXTERNAL MODULE: external "net"
var external_net_ = __nccwpck_require__(278);
// EXTERNAL MODULE: external "tls"
var external_tls_ = __nccwpck_require__(756);
;// CONCATENATED MODULE: external "assert"
const external_assert_namespaceObject = require("assert");
// EXTERNAL MODULE: ./node_modules/debug/src/index.js
var src = __nccwpck_require__(830);
// EXTERNAL MODULE: ./node_modules/agent-base/dist/index.js + 3 modules
var dist = __nccwpck_require__(379);
// EXTERNAL MODULE: external "url"
var external_url_ = __nccwpck_require__(16);
;// CONCATENATED MODULE: ./node_modules/https-proxy-agent/dist/parse-proxy-response.js

const debug = src('https-proxy-agent:parse-proxy-response');
function parseProxyResponse(socket) {
    return new Promise((resolve, reject) => {
        // we need to buffer any HTTP traffic that happens with the proxy before we get
        // the CONNECT response, so that if the response is anything other than an "200"
        // response code, then we can re-play the "data" events on the socket once the
        // HTTP parser is hooked up...
        let buffersLength = 0;
        const buffers = [];
        function read() {
            const b = socket.read();
            if (b)
                ondata(b);
            else
                socket.once('readable', read);
        }
        function cleanup() {
            socket.removeListener('end', onend);
            socket.removeListener('error', onerror);
            socket.removeListener('readable', read);
        }
        function onend() {
            cleanup();
            debug('onend');
            reject(new Error('Proxy connection ended before receiving CONNECT response'));
        }
        function onerror(err) {
            cleanup();
            debug('onerror %o', err);
            reject(err);
        }
        function ondata(b) {
            buffers.push(b);
            buffersLength += b.length;
            const buffered = Buffer.concat(buffers, buffersLength);
            const endOfHeaders = buffered.indexOf('\r\n\r\n');
            if (endOfHeaders === -1) {
                // keep buffering
                debug('have not received end of HTTP headers yet...');
                read();
                return;
            }
            const headerParts = buffered
                .slice(0, endOfHeaders)
                .toString('ascii')
                .split('\r\n');
            const firstLine = headerParts.shift();
            if (!firstLine) {
                socket.destroy();
                return reject(new Error('No header received from proxy CONNECT response'));
            }
            const firstLineParts = firstLine.split(' ');
            const statusCode = +firstLineParts[1];
            const statusText = firstLineParts.slice(2).join(' ');
            const headers = {};
            for (const header of headerParts) {
                if (!header)
                    continue;
                const firstColon = header.indexOf(':');
                if (firstColon === -1) {
                    socket.destroy();
                    return reject(new Error(`Invalid header from proxy CONNECT response: "${header}"`));
                }
                const key = header.slice(0, firstColon).toLowerCase();
                const value = header.slice(firstColon + 1).trimStart();
                const current = headers[key];
                if (typeof current === 'string') {
                    headers[key] = [current, value];
                }
                else if (Array.isArray(current)) {
                    current.push(value);
                }
                else {
                    headers[key] = value;
                }
            }
            debug('got proxy server response: %o %o', firstLine, headers);
            cleanup();
            resolve({
                connect: {
                    statusCode,
                    statusText,
                    headers,
                },
                buffered,
            });
        }
        socket.on('error', onerror);
        socket.on('end', onend);
        read();
    });
}
//# sourceMappingURL=parse-proxy-response.js.map
// EXTERNAL MODULE: ./node_modules/proxy-agent-negotiate/dist/index.js
var proxy_agent_negotiate_dist = __nccwpck_require__(825);
;// CONCATENATED MODULE: ./node_modules/https-proxy-agent/dist/index.js








const dist_debug = src('https-proxy-agent');
const setServernameFromNonIpHost = (options) => {
    if (options.servername === undefined &&
        options.host &&
        !external_net_.isIP(options.host)) {
        return {
            ...options,
            servername: options.host,
        };
    }
    return options;
};
/**
 * The `HttpsProxyAgent` implements an HTTP Agent subclass that connects to
 * the specified "HTTP(s) proxy server" in order to proxy HTTPS requests.
 *
 * Outgoing HTTP requests are first tunneled through the proxy server using the
 * `CONNECT` HTTP request method to establish a connection to the proxy server,
 * and then the proxy server connects to the destination target and issues the
 * HTTP request from the proxy server.
 *
 * `https:` requests have their socket connection upgraded to TLS once
 * the connection to the proxy server has been established.
 */
class HttpsProxyAgent extends dist/* Agent */.g6 {
    constructor(proxy, opts) {
        super(opts);
        this.options = { path: undefined };
        this.proxy = typeof proxy === 'string' ? new external_url_.URL(proxy) : proxy;
        this.proxyHeaders = opts?.headers ?? {};
        dist_debug('Creating new HttpsProxyAgent instance: %o', this.proxy.href);
        if (opts?.negotiate) {
            this.onProxyAuth = (0,proxy_agent_negotiate_dist/* createNegotiateAuth */.h)();
        }
        else if (opts?.onProxyAuth) {
            this.onProxyAuth = opts.onProxyAuth;
        }
        // Trim off the brackets from IPv6 addresses
        const host = (this.proxy.hostname || this.proxy.host).replace(/^\[|\]$/g, '');
        const port = this.proxy.port
            ? parseInt(this.proxy.port, 10)
            : this.proxy.protocol === 'https:'
                ? 443
                : 80;
        this.connectOpts = {
            // Attempt to negotiate http/1.1 for proxy servers that support http/2
            ALPNProtocols: ['http/1.1'],
            ...(opts
                ? omit(opts, 'headers', 'onProxyAuth', 'negotiate')
                : null),
            host,
            port,
        };
    }
    /**
     * Called when the node-core HTTP client library is creating a
     * new HTTP request.
     */
    async connect(req, opts) {
        const { proxy } = this;
        if (!opts.host) {
            throw new TypeError('No "host" provided');
        }
        // Create a socket connection to the proxy server.
        let socket;
        if (proxy.protocol === 'https:') {
            dist_debug('Creating `tls.Socket`: %o', this.connectOpts);
            socket = external_tls_.connect(setServernameFromNonIpHost(this.connectOpts));
        }
        else {
            dist_debug('Creating `net.Socket`: %o', this.connectOpts);
            socket = external_net_.connect(this.connectOpts);
        }
        const headers = typeof this.proxyHeaders === 'function'
            ? this.proxyHeaders()
            : { ...this.proxyHeaders };
        const host = external_net_.isIPv6(opts.host) ? `[${opts.host}]` : opts.host;
        let payload = `CONNECT ${host}:${opts.port} HTTP/1.1\r\n`;
        // Inject the `Proxy-Authorization` header if necessary.
        if (proxy.username || proxy.password) {
            const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
            headers['Proxy-Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
        }
        headers.Host = `${host}:${opts.port}`;
        if (!headers['Proxy-Connection']) {
            headers['Proxy-Connection'] = this.keepAlive
                ? 'Keep-Alive'
                : 'close';
        }
        for (const name of Object.keys(headers)) {
            payload += `${name}: ${headers[name]}\r\n`;
        }
        const proxyResponsePromise = parseProxyResponse(socket);
        socket.write(`${payload}\r\n`);
        const { connect, buffered } = await proxyResponsePromise;
        req.emit('proxyConnect', connect);
        this.emit('proxyConnect', connect, req);
        req.emit('proxy', { proxy: this.proxy.href, socket });
        if (connect.statusCode === 200) {
            req.once('socket', resume);
            if (opts.secureEndpoint) {
                // The proxy is connecting to a TLS server, so upgrade
                // this socket connection to a TLS connection.
                dist_debug('Upgrading socket connection to TLS');
                return external_tls_.connect({
                    ...omit(setServernameFromNonIpHost(opts), 'host', 'path', 'port'),
                    socket,
                });
            }
            return socket;
        }
        // Handle 407 Proxy Authentication Required
        if (connect.statusCode === 407 && this.onProxyAuth) {
            dist_debug('Got 407 response, invoking onProxyAuth callback');
            socket.destroy();
            const proxyAuthenticate = connect.headers['proxy-authenticate'] || '';
            const scheme = Array.isArray(proxyAuthenticate)
                ? proxyAuthenticate[0].split(/\s/)[0]
                : proxyAuthenticate.split(/\s/)[0];
            const authResponse = await this.onProxyAuth({
                response: connect,
                scheme,
            });
            // Retry with the auth headers
            return this._connectWithAuth(req, opts, authResponse.headers);
        }
        // Some other status code that's not 200... need to re-play the HTTP
        // header "data" events onto the socket once the HTTP machinery is
        // attached so that the node core `http` can parse and handle the
        // error status code.
        // Close the original socket, and a new "fake" socket is returned
        // instead, so that the proxy doesn't get the HTTP request
        // written to it (which may contain `Authorization` headers or other
        // sensitive data).
        //
        // See: https://hackerone.com/reports/541502
        socket.destroy();
        const fakeSocket = new external_net_.Socket({ writable: false });
        fakeSocket.readable = true;
        // Need to wait for the "socket" event to re-play the "data" events.
        req.once('socket', (s) => {
            dist_debug('Replaying proxy buffer for failed request');
            external_assert_namespaceObject(s.listenerCount('data') > 0);
            // Replay the "buffered" Buffer onto the fake `socket`, since at
            // this point the HTTP module machinery has been hooked up for
            // the user.
            s.push(buffered);
            s.push(null);
        });
        return fakeSocket;
    }
    /**
     * Retry a CONNECT request with additional auth headers.
     */
    async _connectWithAuth(req, opts, authHeaders) {
        const { proxy } = this;
        let socket;
        if (proxy.protocol === 'https:') {
            socket = external_tls_.connect(setServernameFromNonIpHost(this.connectOpts));
        }
        else {
            socket = external_net_.connect(this.connectOpts);
        }
        const headers = typeof this.proxyHeaders === 'function'
            ? this.proxyHeaders()
            : { ...this.proxyHeaders };
        const host = external_net_.isIPv6(opts.host) ? `[${opts.host}]` : opts.host;
        let payload = `CONNECT ${host}:${opts.port} HTTP/1.1\r\n`;
        if (proxy.username || proxy.password) {
            const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
            headers['Proxy-Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
        }
        // Merge auth headers (overrides existing)
        Object.assign(headers, authHeaders);
        headers.Host = `${host}:${opts.port}`;
        if (!headers['Proxy-Connection']) {
            headers['Proxy-Connection'] = this.keepAlive
                ? 'Keep-Alive'
                : 'close';
        }
        for (const name of Object.keys(headers)) {
            payload += `${name}: ${headers[name]}\r\n`;
        }
        const proxyResponsePromise = parseProxyResponse(socket);
        socket.write(`${payload}\r\n`);
        const { connect } = await proxyResponsePromise;
        req.emit('proxyConnect', connect);
        this.emit('proxyConnect', connect, req);
        if (connect.statusCode === 200) {
            req.once('socket', resume);
            if (opts.secureEndpoint) {
                dist_debug('Upgrading socket connection to TLS');
                return external_tls_.connect({
                    ...omit(setServernameFromNonIpHost(opts), 'host', 'path', 'port'),
                    socket,
                });
            }
            return socket;
        }
        // If still not 200, throw
        socket.destroy();
        throw new Error(`Proxy authentication failed with status ${connect.statusCode} after retry`);
    }
}
HttpsProxyAgent.protocols = ['http', 'https'];
function resume(socket) {
    // Defer the resume so that all 'socket' event handlers have a chance
    // to attach their listeners (e.g. the HTTP client's 'data' handler)
    // before data starts flowing. Without this, buffered proxy-response
    // data can be emitted synchronously before listeners are ready.
    // See: https://github.com/nicolo-ribaudo/tc39-proposal-await-dictionary/issues/7
    setImmediate(() => {
        socket.resume();
    });
}
function omit(obj, ...keys) {
    const ret = {};
    let key;
    for (key in obj) {
        if (!keys.includes(key)) {
            ret[key] = obj[key];
        }
    }
    return ret;
}
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 825:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

"use strict";
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ createNegotiateAuth)
/* harmony export */ });
function createNegotiateAuth() {
    return async ({ response, scheme }) => {
        if (scheme.toLowerCase() !== 'negotiate') {
            throw new Error(`Expected Negotiate scheme but got "${scheme}"`);
        }
        let kerberos;
        try {
            kerberos = await __nccwpck_require__.e(/* import() */ 50).then(__nccwpck_require__.t.bind(__nccwpck_require__, 50, 19));
        }
        catch {
            throw new Error('The "kerberos" package is required for Negotiate proxy authentication. ' +
                'Install it with: npm install kerberos');
        }
        const proxyAuthenticate = response.headers['proxy-authenticate'] || '';
        const challengeHeader = Array.isArray(proxyAuthenticate)
            ? proxyAuthenticate[0]
            : proxyAuthenticate;
        const serverToken = typeof challengeHeader === 'string' && challengeHeader.includes(' ')
            ? challengeHeader.split(' ').slice(1).join(' ')
            : undefined;
        const client = await kerberos.initializeClient('HTTP@proxy', {
            mechOID: kerberos.GSS_MECH_OID_SPNEGO,
        });
        const token = await client.step(serverToken || '');
        if (!token) {
            throw new Error('Kerberos client.step() returned no token');
        }
        return {
            headers: {
                'Proxy-Authorization': `Negotiate ${token}`,
            },
        };
    };
}
//# sourceMappingURL=index.js.map

/***/ })

/******/ 	});
/************************************************************************/
/******/ 	// The module cache
/******/ 	var __webpack_module_cache__ = {};
/******/ 	
/******/ 	// The require function
/******/ 	function __nccwpck_require__(moduleId) {
/******/ 		// Check if module is in cache
/******/ 		var cachedModule = __webpack_module_cache__[moduleId];
/******/ 		if (cachedModule !== undefined) {
/******/ 			return cachedModule.exports;
/******/ 		}
/******/ 		// Create a new module (and put it into the cache)
/******/ 		var module = __webpack_module_cache__[moduleId] = {
/******/ 			// no module.id needed
/******/ 			// no module.loaded needed
/******/ 			exports: {}
/******/ 		};
/******/ 	
/******/ 		// Execute the module function
/******/ 		var threw = true;
/******/ 		try {
/******/ 			__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 			threw = false;
/******/ 		} finally {
/******/ 			if(threw) delete __webpack_module_cache__[moduleId];
/******/ 		}
/******/ 	
/******/ 		// Return the exports of the module
/******/ 		return module.exports;
/******/ 	}
/******/ 	
/******/ 	// expose the modules object (__webpack_modules__)
/******/ 	__nccwpck_require__.m = __webpack_modules__;
/******/ 	
/************************************************************************/
/******/ 	/* webpack/runtime/asset-relocator-loader */
/******/ 	if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = __dirname + "/";
/******/ 	
/******/ 	/* webpack/runtime/async module */
/******/ 	(() => {
/******/ 		var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 		var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 		var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 		var resolveQueue = (queue) => {
/******/ 			if(queue && queue.d < 1) {
/******/ 				queue.d = 1;
/******/ 				queue.forEach((fn) => (fn.r--));
/******/ 				queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 			}
/******/ 		}
/******/ 		var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 			if(dep !== null && typeof dep === "object") {
/******/ 				if(dep[webpackQueues]) return dep;
/******/ 				if(dep.then) {
/******/ 					var queue = [];
/******/ 					queue.d = 0;
/******/ 					dep.then((r) => {
/******/ 						obj[webpackExports] = r;
/******/ 						resolveQueue(queue);
/******/ 					}, (e) => {
/******/ 						obj[webpackError] = e;
/******/ 						resolveQueue(queue);
/******/ 					});
/******/ 					var obj = {};
/******/ 					obj[webpackQueues] = (fn) => (fn(queue));
/******/ 					return obj;
/******/ 				}
/******/ 			}
/******/ 			var ret = {};
/******/ 			ret[webpackQueues] = x => {};
/******/ 			ret[webpackExports] = dep;
/******/ 			return ret;
/******/ 		}));
/******/ 		__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 			var queue;
/******/ 			hasAwait && ((queue = []).d = -1);
/******/ 			var depQueues = new Set();
/******/ 			var exports = module.exports;
/******/ 			var currentDeps;
/******/ 			var outerResolve;
/******/ 			var reject;
/******/ 			var promise = new Promise((resolve, rej) => {
/******/ 				reject = rej;
/******/ 				outerResolve = resolve;
/******/ 			});
/******/ 			promise[webpackExports] = exports;
/******/ 			promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 			module.exports = promise;
/******/ 			body((deps) => {
/******/ 				currentDeps = wrapDeps(deps);
/******/ 				var fn;
/******/ 				var getResult = () => (currentDeps.map((d) => {
/******/ 					if(d[webpackError]) throw d[webpackError];
/******/ 					return d[webpackExports];
/******/ 				}))
/******/ 				var promise = new Promise((resolve) => {
/******/ 					fn = () => (resolve(getResult));
/******/ 					fn.r = 0;
/******/ 					var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 					currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 				});
/******/ 				return fn.r ? promise : getResult();
/******/ 			}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 			queue && queue.d < 0 && (queue.d = 0);
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/compat get default export */
/******/ 	(() => {
/******/ 		// getDefaultExport function for compatibility with non-harmony modules
/******/ 		__nccwpck_require__.n = (module) => {
/******/ 			var getter = module && module.__esModule ?
/******/ 				() => (module['default']) :
/******/ 				() => (module);
/******/ 			__nccwpck_require__.d(getter, { a: getter });
/******/ 			return getter;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/create fake namespace object */
/******/ 	(() => {
/******/ 		var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 		var leafPrototypes;
/******/ 		// create a fake namespace object
/******/ 		// mode & 1: value is a module id, require it
/******/ 		// mode & 2: merge all properties of value into the ns
/******/ 		// mode & 4: return value when already ns object
/******/ 		// mode & 16: return value when it's Promise-like
/******/ 		// mode & 8|1: behave like require
/******/ 		__nccwpck_require__.t = function(value, mode) {
/******/ 			if(mode & 1) value = this(value);
/******/ 			if(mode & 8) return value;
/******/ 			if(typeof value === 'object' && value) {
/******/ 				if((mode & 4) && value.__esModule) return value;
/******/ 				if((mode & 16) && typeof value.then === 'function') return value;
/******/ 			}
/******/ 			var ns = Object.create(null);
/******/ 			__nccwpck_require__.r(ns);
/******/ 			var def = {};
/******/ 			leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 			for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 				Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 			}
/******/ 			def['default'] = () => (value);
/******/ 			__nccwpck_require__.d(ns, def);
/******/ 			return ns;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/define property getters */
/******/ 	(() => {
/******/ 		// define getter functions for harmony exports
/******/ 		__nccwpck_require__.d = (exports, definition) => {
/******/ 			for(var key in definition) {
/******/ 				if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 					Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 				}
/******/ 			}
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/ensure chunk */
/******/ 	(() => {
/******/ 		__nccwpck_require__.f = {};
/******/ 		// This file contains only the entry chunk.
/******/ 		// The chunk loading function for additional chunks
/******/ 		__nccwpck_require__.e = (chunkId) => {
/******/ 			return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 				__nccwpck_require__.f[key](chunkId, promises);
/******/ 				return promises;
/******/ 			}, []));
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/get javascript chunk filename */
/******/ 	(() => {
/******/ 		// This function allow to reference async chunks
/******/ 		__nccwpck_require__.u = (chunkId) => {
/******/ 			// return url for filenames based on template
/******/ 			return "" + chunkId + ".index.js";
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/hasOwnProperty shorthand */
/******/ 	(() => {
/******/ 		__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/make namespace object */
/******/ 	(() => {
/******/ 		// define __esModule on exports
/******/ 		__nccwpck_require__.r = (exports) => {
/******/ 			if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 				Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 			}
/******/ 			Object.defineProperty(exports, '__esModule', { value: true });
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/require chunk loading */
/******/ 	(() => {
/******/ 		// no baseURI
/******/ 		
/******/ 		// object to store loaded chunks
/******/ 		// "1" means "loaded", otherwise not loaded yet
/******/ 		var installedChunks = {
/******/ 			792: 1
/******/ 		};
/******/ 		
/******/ 		// no on chunks loaded
/******/ 		
/******/ 		var installChunk = (chunk) => {
/******/ 			var moreModules = chunk.modules, chunkIds = chunk.ids, runtime = chunk.runtime;
/******/ 			for(var moduleId in moreModules) {
/******/ 				if(__nccwpck_require__.o(moreModules, moduleId)) {
/******/ 					__nccwpck_require__.m[moduleId] = moreModules[moduleId];
/******/ 				}
/******/ 			}
/******/ 			if(runtime) runtime(__nccwpck_require__);
/******/ 			for(var i = 0; i < chunkIds.length; i++)
/******/ 				installedChunks[chunkIds[i]] = 1;
/******/ 		
/******/ 		};
/******/ 		
/******/ 		// require() chunk loading for javascript
/******/ 		__nccwpck_require__.f.require = (chunkId, promises) => {
/******/ 			// "1" is the signal for "already loaded"
/******/ 			if(!installedChunks[chunkId]) {
/******/ 				if(true) { // all chunks have JS
/******/ 					installChunk(require("./" + __nccwpck_require__.u(chunkId)));
/******/ 				} else installedChunks[chunkId] = 1;
/******/ 			}
/******/ 		};
/******/ 		
/******/ 		// no external install chunk
/******/ 		
/******/ 		// no HMR
/******/ 		
/******/ 		// no HMR manifest
/******/ 	})();
/******/ 	
/************************************************************************/
/******/ 	
/******/ 	// startup
/******/ 	// Load entry module and return exports
/******/ 	// This entry module used 'module' so it can't be inlined
/******/ 	var __webpack_exports__ = __nccwpck_require__(407);
/******/ 	module.exports = __webpack_exports__;
/******/ 	
/******/ })()
;