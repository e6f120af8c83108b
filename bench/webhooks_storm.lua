-- wrk script for bench/webhooks_bench.py: sends each pre-signed delivery once (one line
-- "<Stripe-Signature>\t<body>" per delivery in the file given after --), redelivers after
-- a 5xx as Stripe does, and writes "<index> <status> <status>..." per delivery (then
-- "extra <n>", see request()) to the results file when every delivery has its final
-- answer. The server echoes X-Request-ID,
-- which maps a response to its delivery. Run with one thread: the queue is per thread.

local signatures, bodies, statuses = {}, {}, {}
local queue, head = {}, 1
local total, finished, extra = 0, 0, 0
local probed = false
local retries, results_path

function init(args)
  local path = args[1]
  results_path = args[2]
  retries = tonumber(args[3] or "5")
  for line in io.lines(path) do
    local signature, body = line:match("^([^\t]*)\t(.*)$")
    total = total + 1
    signatures[total], bodies[total], statuses[total] = signature, body, {}
    queue[#queue + 1] = total
  end
end

function delay()
  local index = queue[head]
  if index == nil then
    return 600000 -- nothing to send: idle until a redelivery is queued or the run ends
  end
  return 200 * #statuses[index] -- back off before a redelivery, as the old client did
end

function request()
  if not probed then
    -- wrk calls request() once after init() to check the request, and sends nothing.
    probed = true
    return wrk.format("POST", nil, {["Stripe-Signature"] = signatures[1]}, bodies[1])
  end
  local index, id = queue[head], nil
  if index == nil then
    -- Another connection took the queued redelivery first; wrk must send something, so
    -- this is one more duplicate of the first event, counted apart (a valid delivery).
    index, extra = 1, extra + 1
    id = "x" .. extra
  else
    head = head + 1
    id = "d" .. index .. "-" .. (#statuses[index] + 1)
  end
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Stripe-Signature"] = signatures[index],
    ["X-Request-ID"] = id,
  }, bodies[index])
end

local function write_results()
  local out = io.open(results_path .. ".part", "w")
  for index = 1, total do
    out:write(index, " ", table.concat(statuses[index], " "), "\n")
  end
  out:write("extra ", extra, "\n")
  out:close()
  os.rename(results_path .. ".part", results_path) -- appears complete: it stops the clock
end

function response(status, headers, body)
  local id = headers["X-Request-ID"] or headers["x-request-id"] or ""
  local index = tonumber(id:match("^d(%d+)-"))
  if index == nil then
    return
  end
  local seen = statuses[index]
  seen[#seen + 1] = status
  if status >= 500 and #seen <= retries then
    queue[#queue + 1] = index
  else
    finished = finished + 1
    if finished == total then
      write_results()
      wrk.thread:stop()
    end
  end
end
