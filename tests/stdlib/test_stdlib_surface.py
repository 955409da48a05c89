"""The standard library surface: every module, function, alias, class and method of spec/stdlib.md.

The table below is copied from /work/shared/spec/stdlib.md (tests stay self-contained and never read
files outside the repository). For each module it checks that the bridge file defines the ``@ml_module``
class with the listed name, capabilities and version, a module-level instance named like the module,
every function with the listed parameters and defaults and the listed capability tag (``None`` =
untagged, inherits the module's; ``[]`` = ``[none]``), every snake_case alias, and every ``@ml_class``
with its methods (and nothing else public).
"""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

from mlpy.stdlib.decorators import CLASS_INFO_ATTR, function_info_of, module_info_of

OWN_MODULES = {"args", "collections", "crypto", "csv", "datetime", "env", "file", "functional", "http",
               "log", "path", "random", "regex"}
"""Modules whose ML-visible surface must be exactly the spec's (others: at least the spec's)."""

SURFACE = {
    'args': {
        "file": 'args_bridge', "class": 'Args', "caps": ['args.read'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('all', '', None),
            ('script', '', None),
            ('rest', '', None),
            ('create_parser', "name='', description=''", []),
        ],
        "classes": {
            'ArgParser': {"methods": [('add_flag', 'name, short, help_text'), ('add_option', 'name, short, help_text, default'), ('add_positional', 'name, help_text, required=False'), ('parse', 'argv=None'), ('help', '')], "aliases": []},
            'ParsedArgs': {"methods": [('has', 'name'), ('get', 'name, default=None'), ('get_bool', 'name'), ('flags', ''), ('options', ''), ('positionals', '')], "aliases": []},
        },
    },
    'collections': {
        "file": 'collections_bridge', "class": 'Collections', "caps": ['collections.read', 'collections.transform'], "version": '1.0.0',
        "constants": [], "aliases": ['index_of', 'remove_at', 'is_empty'],
        "functions": [
            ('length', 'lst', ['collections.read']),
            ('append', 'lst, element', ['collections.transform']),
            ('prepend', 'lst, element', ['collections.transform']),
            ('concat', 'lst1, lst2', ['collections.transform']),
            ('get', 'lst, index', ['collections.read']),
            ('first', 'lst', ['collections.read']),
            ('last', 'lst', ['collections.read']),
            ('slice', 'lst, start, end=None', ['collections.transform']),
            ('reverse', 'lst', ['collections.transform']),
            ('contains', 'lst, element', ['collections.read']),
            ('indexOf', 'lst, element', ['collections.read']),
            ('filter', 'lst, predicate', ['collections.transform']),
            ('map', 'lst, transform', ['collections.transform']),
            ('find', 'lst, predicate', ['collections.read']),
            ('reduce', 'lst, reducer, initial', ['collections.transform']),
            ('removeAt', 'lst, index', ['collections.transform']),
            ('isEmpty', 'lst', ['collections.read']),
            ('take', 'lst, count', ['collections.transform']),
            ('drop', 'lst, count', ['collections.transform']),
            ('unique', 'lst', ['collections.transform']),
            ('flatten', 'lst', ['collections.transform']),
            ('zip', 'lst1, lst2', ['collections.transform']),
            ('sort', 'lst, reverse=False', ['collections.transform']),
            ('sortBy', 'lst, key_fn, reverse=False', ['collections.transform']),
            ('chunk', 'lst, size', ['collections.transform']),
            ('every', 'lst, predicate', ['collections.read']),
            ('some', 'lst, predicate', ['collections.read']),
        ],
        "classes": {
        },
    },
    'console': {
        "file": 'console_bridge', "class": 'Console', "caps": ['console.write', 'console.error'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('log', '*args', ['console.write']),
            ('error', '*args', ['console.error']),
            ('warn', '*args', ['console.error']),
            ('info', '*args', ['console.write']),
            ('debug', '*args', ['console.write']),
        ],
        "classes": {
        },
    },
    'crypto': {
        "file": 'crypto_bridge', "class": 'Crypto', "caps": ['crypto.hash', 'crypto.random'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('sha256', "data, salt=''", ['crypto.hash']),
            ('sha1', "data, salt=''", ['crypto.hash']),
            ('md5', "data, salt=''", ['crypto.hash']),
            ('hash_file', "file_path, algorithm='sha256'", ['crypto.hash', 'file.read']),
            ('uuid', '', ['crypto.random']),
            ('uuid_from_string', 'data, namespace=None', ['crypto.hash']),
            ('random_bytes', 'length', ['crypto.random']),
            ('random_hex', 'length', ['crypto.random']),
            ('random_string', 'length', ['crypto.random']),
            ('random_int', 'min_val, max_val', ['crypto.random']),
            ('random_float', '', ['crypto.random']),
            ('compare_hash', 'hash1, hash2', ['crypto.hash']),
            ('hmac', "message, key, algorithm='sha256'", ['crypto.hash']),
            ('verify_hmac', "message, signature, key, algorithm='sha256'", ['crypto.hash']),
        ],
        "classes": {
        },
    },
    'csv': {
        "file": 'csv_bridge', "class": 'CSV', "caps": ['file.read', 'file.write'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('read', "file_path, delimiter=',', headers=True, encoding='utf-8'", ['file.read']),
            ('write', "file_path, data, delimiter=',', headers=True, encoding='utf-8'", ['file.write']),
            ('read_string', "csv_string, delimiter=',', headers=True", ['file.read']),
            ('write_string', "data, delimiter=',', headers=True", []),
            ('count_rows', "file_path, delimiter=',', encoding='utf-8'", ['file.read']),
            ('get_headers', "file_path, delimiter=',', encoding='utf-8'", ['file.read']),
            ('append', "file_path, row, delimiter=',', encoding='utf-8'", ['file.read', 'file.write']),
        ],
        "classes": {
        },
    },
    'datetime': {
        "file": 'datetime_bridge', "class": 'DateTime', "caps": ['datetime.create', 'datetime.now'], "version": '1.0.0',
        "constants": [], "aliases": ['from_timestamp', 'days_in_month', 'calculate_age', 'add_business_days', 'business_days_between', 'is_weekend', 'is_weekday'],
        "functions": [
            ('now', 'timezone=None', ['datetime.now']),
            ('today', '', ['datetime.now']),
            ('createDate', 'year, month, day', ['datetime.create']),
            ('createTime', 'hour=0, minute=0, second=0, microsecond=0', ['datetime.create']),
            ('createDelta', 'days=0, hours=0, minutes=0, seconds=0', ['datetime.create']),
            ('create', 'year, month, day, hour=0, minute=0, second=0', ['datetime.create']),
            ('fromTimestamp', 'timestamp', ['datetime.create']),
            ('daysInMonth', 'year, month', []),
            ('calculateAge', 'birth_date, current_date=None', ['datetime.create']),
            ('addBusinessDays', 'dt_obj, days', ['datetime.create']),
            ('businessDaysBetween', 'start, end', []),
            ('isWeekend', 'dt_obj', []),
            ('isWeekday', 'dt_obj', []),
            ('parseISO', 'iso_string', ['datetime.create']),
            ('isLeapYear', 'year', []),
            ('utc', '', []),
            ('createTimeZone', "hours, minutes=0, name=''", ['datetime.create']),
        ],
        "classes": {
            'DateTimeObject': {"methods": [('timestamp', ''), ('year', ''), ('month', ''), ('day', ''), ('hour', ''), ('minute', ''), ('second', ''), ('weekday', ''), ('addDays', 'days'), ('addHours', 'hours'), ('addMinutes', 'minutes'), ('addSeconds', 'seconds'), ('startOfDay', ''), ('endOfDay', ''), ('startOfMonth', ''), ('endOfMonth', ''), ('startOfYear', ''), ('endOfYear', ''), ('isSameDay', 'other'), ('format', "format_str='%Y-%m-%d %H:%M:%S'"), ('toString', ''), ('toISOString', ''), ('date', ''), ('time', ''), ('diff', 'other'), ('add', 'delta'), ('subtract', 'delta'), ('isBefore', 'other'), ('isAfter', 'other'), ('isSame', 'other')], "aliases": ['add_days', 'add_hours', 'add_minutes', 'add_seconds', 'start_of_day', 'end_of_day', 'start_of_month', 'end_of_month', 'start_of_year', 'end_of_year', 'is_same_day', 'to_string']},
            'Date': {"methods": [('year', ''), ('month', ''), ('day', ''), ('weekday', ''), ('isWeekend', ''), ('toISOString', ''), ('addDays', 'days'), ('subtractDays', 'days'), ('diff', 'other')], "aliases": []},
            'Time': {"methods": [('hour', ''), ('minute', ''), ('second', '')], "aliases": []},
            'TimeDelta': {"methods": [('days', ''), ('seconds', ''), ('totalSeconds', ''), ('totalMinutes', ''), ('totalHours', ''), ('totalDays', ''), ('add', 'other'), ('subtract', 'other'), ('multiply', 'factor'), ('isNegative', ''), ('abs', '')], "aliases": []},
        },
    },
    'env': {
        "file": 'env_bridge', "class": 'Env', "caps": ['env.read', 'env.write'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('get', 'key, default=None', ['env.read']),
            ('require', 'key', ['env.read']),
            ('set', 'key, value', ['env.write']),
            ('has', 'key', ['env.read']),
            ('all', '', ['env.read']),
            ('delete', 'key', ['env.write']),
            ('get_int', 'key, default=0', ['env.read']),
            ('get_bool', 'key, default=False', ['env.read']),
            ('get_float', 'key, default=0.0', ['env.read']),
        ],
        "classes": {
        },
    },
    'file': {
        "file": 'file_bridge', "class": 'FileModule', "caps": ['file.read', 'file.write', 'file.delete', 'file.append'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('read', "path, encoding='utf-8'", ['file.read']),
            ('readBytes', 'path', ['file.read']),
            ('readLines', "path, encoding='utf-8'", ['file.read']),
            ('write', "path, content, encoding='utf-8'", ['file.write']),
            ('writeBytes', 'path, data', ['file.write']),
            ('writeLines', "path, lines, encoding='utf-8'", ['file.write']),
            ('append', "path, content, encoding='utf-8'", ['file.append']),
            ('exists', 'path', []),
            ('delete', 'path', ['file.delete']),
            ('copy', 'source, destination', ['file.read', 'file.write']),
            ('move', 'source, destination', ['file.read', 'file.write', 'file.delete']),
            ('size', 'path', []),
            ('modifiedTime', 'path', []),
            ('isFile', 'path', []),
            ('isDirectory', 'path', []),
        ],
        "classes": {
        },
    },
    'functional': {
        "file": 'functional_bridge', "class": 'Functional', "caps": ['functional.compose', 'functional.transform'], "version": '1.0.0',
        "constants": [], "aliases": ['partial_apply', 'for_each', 'group_by'],
        "functions": [
            ('compose', '*functions', ['functional.compose']),
            ('composeAll', 'functions', ['functional.compose']),
            ('pipe', '*functions', ['functional.compose']),
            ('pipeAll', 'functions', ['functional.compose']),
            ('curry', 'func, arity=None', ['functional.compose']),
            ('partial', 'func, *args', ['functional.compose']),
            ('identity', 'x', []),
            ('constant', 'value', ['functional.compose']),
            ('memoize', 'func', ['functional.compose']),
            ('map', 'func, iterable', ['functional.transform']),
            ('filter', 'predicate, iterable', ['functional.transform']),
            ('reduce', 'func, iterable, initial=None', ['functional.transform']),
            ('forEach', 'func, iterable', ['functional.transform']),
            ('find', 'predicate, iterable', ['functional.transform']),
            ('some', 'predicate, iterable', ['functional.transform']),
            ('every', 'predicate, iterable', ['functional.transform']),
            ('zip', '*iterables', ['functional.transform']),
            ('range', 'start, end=None, step=1', []),
            ('repeat', 'value, times', []),
            ('take', 'n, iterable', ['functional.transform']),
            ('drop', 'n, iterable', ['functional.transform']),
            ('flatten', 'nested_list', ['functional.transform']),
            ('chunk', 'size, iterable', ['functional.transform']),
            ('groupBy', 'key_func, iterable', ['functional.transform']),
            ('unique', 'iterable', ['functional.transform']),
            ('reverse', 'iterable', ['functional.transform']),
            ('curry2', 'func', ['functional.compose']),
            ('partition', 'predicate, iterable', ['functional.transform']),
            ('ifElse', 'predicate, true_fn, false_fn', ['functional.compose']),
            ('cond', 'conditions', ['functional.compose']),
            ('times', 'n, func', ['functional.transform']),
            ('zipWith', 'combiner, iterable1, iterable2', ['functional.transform']),
            ('takeWhile', 'predicate, iterable', ['functional.transform']),
            ('juxt', 'functions', ['functional.compose']),
        ],
        "classes": {
        },
    },
    'http': {
        "file": 'http_bridge', "class": 'HttpModule', "caps": ['network.http', 'network.https'], "version": '1.0.0',
        "constants": ['DEFAULT_TIMEOUT', 'MAX_RESPONSE_SIZE'], "aliases": [],
        "functions": [
            ('get', 'url, headers=None, timeout=None', ['network.http']),
            ('post', 'url, options=None', ['network.http']),
            ('put', 'url, options=None', ['network.http']),
            ('delete', 'url, headers=None, timeout=None', ['network.http']),
            ('patch', 'url, options=None', ['network.http']),
            ('head', 'url, headers=None, timeout=None', ['network.http']),
            ('request', 'options', ['network.http']),
            ('encodeURI', 'text', []),
            ('decodeURI', 'text', []),
            ('encodeQuery', 'params', []),
            ('parseQuery', 'query', []),
        ],
        "classes": {
            'HttpResponse': {"methods": [('status', ''), ('statusText', ''), ('headers', ''), ('body', ''), ('ok', ''), ('json', ''), ('text', '')], "aliases": []},
        },
    },
    'json': {
        "file": 'json_bridge', "class": 'JSON', "caps": ['json.parse', 'json.serialize'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('parse', 'json_string', ['json.parse']),
            ('safeParse', 'json_string, max_depth=100', ['json.parse']),
            ('stringify', 'obj', ['json.serialize']),
            ('prettyPrint', 'obj, indent=4', ['json.serialize']),
            ('validate', 'json_string', ['json.parse']),
            ('isObject', 'value', []),
            ('isArray', 'value', []),
            ('isString', 'value', []),
            ('isNumber', 'value', []),
            ('isBoolean', 'value', []),
            ('isNull', 'value', []),
            ('keys', 'obj', []),
            ('values', 'obj', []),
            ('hasKey', 'obj, key', []),
            ('get', 'obj, key, default=None', []),
            ('merge', 'obj1, obj2', []),
        ],
        "classes": {
        },
    },
    'log': {
        "file": 'log_bridge', "class": 'Log', "caps": ['log.write', 'file.write'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('debug', 'message, data=None', ['log.write']),
            ('info', 'message, data=None', ['log.write']),
            ('warn', 'message, data=None', ['log.write']),
            ('error', 'message, data=None', ['log.write']),
            ('critical', 'message, data=None', ['log.write']),
            ('set_level', 'level', ['log.write']),
            ('set_format', 'format_type', ['log.write']),
            ('add_file', 'file_path', ['log.write', 'file.write']),
            ('set_timestamp', 'enabled', ['log.write']),
            ('is_debug', '', []),
            ('create_logger', 'name', []),
        ],
        "classes": {
            'Logger': {"methods": [('debug', 'message, data=None'), ('info', 'message, data=None'), ('warn', 'message, data=None'), ('error', 'message, data=None'), ('critical', 'message, data=None'), ('is_debug', ''), ('set_level', 'level'), ('add_file', 'file_path'), ('set_format', 'format_type'), ('set_timestamp', 'enabled')], "aliases": []},
        },
    },
    'math': {
        "file": 'math_bridge', "class": 'Math', "caps": ['math.compute'], "version": '1.0.0',
        "constants": ['pi', 'e'], "aliases": [],
        "functions": [
            ('sqrt', 'x', None),
            ('abs', 'x', None),
            ('sin', 'x', None),
            ('cos', 'x', None),
            ('tan', 'x', None),
            ('ln', 'x', None),
            ('log', 'x, base=10', None),
            ('exp', 'x', None),
            ('pow', 'x, y', None),
            ('floor', 'x', None),
            ('ceil', 'x', None),
            ('round', 'x', None),
            ('min', 'a, b', None),
            ('max', 'a, b', None),
            ('random', '', None),
            ('degToRad', 'degrees', None),
            ('radToDeg', 'radians', None),
            ('radians', 'degrees', None),
            ('degrees', 'radians', None),
            ('sign', 'x', None),
            ('asin', 'x', None),
            ('acos', 'x', None),
            ('atan', 'x', None),
            ('atan2', 'y, x', None),
            ('factorial', 'n', None),
            ('gcd', 'a, b', None),
            ('lcm', 'a, b', None),
        ],
        "classes": {
        },
    },
    'path': {
        "file": 'path_bridge', "class": 'PathModule', "caps": ['path.read', 'path.write'], "version": '1.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('join', '*parts', []),
            ('dirname', 'path', []),
            ('basename', 'path', []),
            ('extname', 'path', []),
            ('split', 'path', []),
            ('absolute', 'path', []),
            ('normalize', 'path', []),
            ('relative', 'from_path, to_path', []),
            ('exists', 'path', []),
            ('isFile', 'path', []),
            ('isDirectory', 'path', []),
            ('isAbsolute', 'path', []),
            ('listDir', "dir_path='.'", ['path.read']),
            ('glob', 'pattern', ['path.read']),
            ('walk', 'dir_path, max_depth=-1', ['path.read']),
            ('createDir', 'dir_path, parents=True', ['path.write']),
            ('removeDir', 'dir_path', ['path.write']),
            ('removeDirRecursive', 'dir_path', ['path.write']),
            ('cwd', '', []),
            ('home', '', []),
            ('tempDir', '', []),
            ('separator', '', []),
            ('delimiter', '', []),
        ],
        "classes": {
        },
    },
    'random': {
        "file": 'random_bridge', "class": 'Random', "caps": ['random.generate', 'random.sample'], "version": '1.0.0',
        "constants": [], "aliases": ['set_seed', 'get_seed', 'next_int', 'random_float', 'random_int', 'random_bool', 'random_normal', 'random_indices'],
        "functions": [
            ('setSeed', 'seed', ['random.generate']),
            ('getSeed', '', ['random.generate']),
            ('nextInt', '', ['random.generate']),
            ('random', '', ['random.generate']),
            ('randomFloat', 'min_val=0, max_val=1', ['random.generate']),
            ('randomInt', 'min_val=0, max_val=100', ['random.generate']),
            ('randomBool', '', ['random.generate']),
            ('randomBoolWeighted', 'probability', ['random.generate']),
            ('choice', 'lst', ['random.sample']),
            ('shuffle', 'lst', ['random.sample']),
            ('sample', 'lst, n', ['random.sample']),
            ('randomNormal', 'mean=0, stddev=1', ['random.generate']),
            ('uniform', 'min_val, max_val', ['random.generate']),
            ('gaussian', 'mean=0, stddev=1', ['random.generate']),
            ('triangular', 'low, high, mode=None', ['random.generate']),
            ('randomIndices', 'length, count', ['random.sample']),
        ],
        "classes": {
        },
    },
    'regex': {
        "file": 'regex_bridge', "class": 'Regex', "caps": ['regex.compile', 'regex.match'], "version": '2.0.0',
        "constants": [], "aliases": [],
        "functions": [
            ('IGNORECASE', '', []),
            ('MULTILINE', '', []),
            ('DOTALL', '', []),
            ('VERBOSE', '', []),
            ('ASCII', '', []),
            ('UNICODE', '', []),
            ('compile', 'pattern, flags=0', ['regex.compile']),
            ('search', 'pattern, text, flags=0', ['regex.match']),
            ('match', 'pattern, text, flags=0', ['regex.match']),
            ('fullmatch', 'pattern, text, flags=0', ['regex.match']),
            ('findall', 'pattern, text, flags=0', ['regex.match']),
            ('finditer', 'pattern, text, flags=0', ['regex.match']),
            ('split', 'pattern, text, maxsplit=0, flags=0', ['regex.match']),
            ('sub', 'pattern, replacement, text, count=0, flags=0', ['regex.match']),
            ('subn', 'pattern, replacement, text, count=0, flags=0', ['regex.match']),
            ('escape', 'text', []),
            ('isValid', 'pattern', []),
            ('test', 'pattern, text, flags=0', ['regex.match']),
            ('count', 'pattern, text, flags=0', ['regex.match']),
        ],
        "classes": {
            'Match': {"methods": [('group', 'group_id=0'), ('groups', ''), ('groupDict', 'default=None'), ('start', 'group=0'), ('end', 'group=0'), ('span', 'group=0'), ('value', ''), ('lastGroup', ''), ('groupCount', ''), ('expand', 'template'), ('toString', '')], "aliases": []},
            'Pattern': {"methods": [('search', 'text, pos=0, endpos=None'), ('match', 'text, pos=0, endpos=None'), ('fullmatch', 'text, pos=0, endpos=None'), ('findall', 'text, pos=0, endpos=None'), ('finditer', 'text, pos=0, endpos=None'), ('split', 'text, maxsplit=0'), ('sub', 'replacement, text, count=0'), ('subn', 'replacement, text, count=0'), ('test', 'text'), ('count', 'text'), ('getPattern', ''), ('getFlags', ''), ('toString', '')], "aliases": []},
        },
    },
}

_MISSING = object()


def parse_params(text: str) -> list[tuple[str, object]]:
    """'a, b=1, *rest' -> [('a', _MISSING), ('b', 1), ('*rest', _MISSING)]."""
    out: list[tuple[str, object]] = []
    if not text:
        return out
    parts, depth, current, quoted = [], 0, "", False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        if ch == "," and not quoted and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    for part in parts:
        name, eq, default = part.strip().partition("=")
        out.append((name.strip(), ast.literal_eval(default.strip()) if eq else _MISSING))
    return out


def check_signature(where: str, func, expected: str) -> None:
    """The callable's parameters are the listed ones, in order, with the listed defaults."""
    params = list(inspect.signature(func).parameters.values())
    wanted = parse_params(expected)
    names = [("*" + p.name) if p.kind is p.VAR_POSITIONAL else ("**" + p.name) if p.kind is p.VAR_KEYWORD
             else p.name for p in params]
    assert names == [name for name, _ in wanted], f"{where}: parameters {names}, spec {expected!r}"
    for param, (name, default) in zip(params, wanted, strict=True):
        if default is not _MISSING:
            assert param.default is not inspect.Parameter.empty and param.default == default, (
                f"{where}: default of {name} is {param.default!r}, spec {default!r}")


def load(module_name: str):
    spec = SURFACE[module_name]
    try:
        python_module = importlib.import_module(f"mlpy.stdlib.{spec['file']}")
    except ModuleNotFoundError:
        if module_name in OWN_MODULES:
            raise
        pytest.skip(f"{spec['file']}.py is not written yet")
    return python_module, getattr(python_module, module_name)


@pytest.mark.parametrize("module_name", sorted(SURFACE))
def test_module_metadata(module_name):
    spec = SURFACE[module_name]
    python_module, instance = load(module_name)
    assert type(instance) is getattr(python_module, spec["class"])
    info = module_info_of(instance)
    assert info is not None and info.name == module_name
    assert list(info.capabilities) == spec["caps"]
    assert info.version == spec["version"]
    for constant in spec["constants"]:
        assert constant in info.constants and not constant.startswith("_")
        assert isinstance(getattr(instance, constant), int | float)


@pytest.mark.parametrize("module_name", sorted(SURFACE))
def test_functions_parameters_and_capability_tags(module_name):
    spec = SURFACE[module_name]
    _python_module, instance = load(module_name)
    info = module_info_of(instance)
    for name, params, tag in spec["functions"]:
        assert name in info.functions, f"{module_name}.{name} is missing"
        method = getattr(instance, info.method_names[name])
        function_info = function_info_of(method)
        assert function_info is info.functions[name], f"{module_name}.{name} is not decorated"
        expected = None if tag is None else tuple(tag)
        assert function_info.capabilities == expected, (
            f"{module_name}.{name} declares {function_info.capabilities}, spec {expected}")
        check_signature(f"{module_name}.{name}", method, params)


@pytest.mark.parametrize("module_name", sorted(SURFACE))
def test_aliases_resolve_to_their_function(module_name):
    spec = SURFACE[module_name]
    _python_module, instance = load(module_name)
    info = module_info_of(instance)
    originals = {name for name, _params, _tag in spec["functions"]}
    for alias in spec["aliases"]:
        assert alias in info.functions, f"{module_name}.{alias} is missing"
        target = info.functions[alias].name
        assert target in originals and target != alias
        assert info.method_names[alias] == info.method_names[target]
    if module_name in OWN_MODULES:
        assert set(info.functions) == originals | set(spec["aliases"])


@pytest.mark.parametrize("module_name", sorted(SURFACE))
def test_classes_and_methods(module_name):
    spec = SURFACE[module_name]
    python_module, _instance = load(module_name)
    for class_name, members in spec["classes"].items():
        cls = getattr(python_module, class_name)
        class_info = getattr(cls, CLASS_INFO_ATTR, None)
        assert class_info is not None and class_info.name == class_name, f"{class_name} is not an @ml_class"
        listed = {name for name, _params in members["methods"]} | set(members["aliases"])
        for name, params in members["methods"]:
            method = getattr(cls, name)
            assert callable(method), f"{class_name}.{name}"
            check_signature(f"{class_name}.{name}", _unbound(method), params)
        for alias in members["aliases"]:
            assert callable(getattr(cls, alias)), f"{class_name}.{alias}"
        public = {name for name in dir(cls) if not name.startswith("_")}
        assert public <= listed, f"{class_name} exposes unlisted members {sorted(public - listed)}"


def _unbound(method):
    """A function with the method's signature minus ``self``, for check_signature."""
    signature = inspect.signature(method)
    parameters = list(signature.parameters.values())[1:]

    def stand_in(*args, **kwargs):
        return None

    stand_in.__signature__ = signature.replace(parameters=parameters)
    return stand_in
