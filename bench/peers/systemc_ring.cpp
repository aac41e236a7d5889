// Hold-model ring on SystemC 2.3: the peer of bench/kernel (ring-kernel.ts, ring-bare.ts).
//
// P = 64 processes in a ring; process i passes tokens to process (i + 1) % 64.
// Each holds one token at time 0. A process holding a token waits 1 + (s % 16)
// cycles (1 cycle = 1 ns), s drawn from its own 32-bit xorshift stream
// (13, 17, 5) seeded with (i + 1) * 2654435761 mod 2^32. Each completed wait is
// one event: it passes the token on (queued if the next process is already
// waiting), then the process starts waiting again if it has a queued token,
// else it goes idle. The run stops at the N-th event; finalTime is its
// simulated time, which does not depend on how ties are broken.
//
// One SC_METHOD per process, driven by next_trigger: a delay for a wait, the
// node's wake event (notified by its sender) when idle.
//
// Build: g++ -O2 systemc_ring.cpp -lsystemc
// Usage: SC_COPYRIGHT_MESSAGE=DISABLE ./a.out [N=5000000]
// Prints one line of JSON: {"events", "finalTime", "seconds", "eventsPerSec"}.
#include <systemc>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace sc_core;

static const int P = 64;
static uint64_t events_wanted = 5000000;
static uint64_t count = 0;
static sc_time final_time;

SC_MODULE(Node) {
  Node* next = nullptr;
  sc_event wake;         // notified by the sender when this node is idle
  uint32_t s = 0;        // xorshift state
  bool busy = true;      // holds a token: tokens passed to it are queued
  bool waiting = false;  // the current trigger is a delay
  unsigned queued = 0;

  SC_CTOR(Node) { SC_METHOD(step); }  // runs once at time 0, like a wake-up

  void step() {
    if (!waiting) return start_wait();  // time 0, or woken by the sender
    if (++count == events_wanted) {
      final_time = sc_time_stamp();
      sc_stop();
      return;
    }
    if (next->busy) {
      next->queued++;
    } else {
      next->busy = true;
      next->wake.notify(SC_ZERO_TIME);
    }
    if (queued > 0) {
      queued--;
      start_wait();
    } else {
      busy = waiting = false;
      next_trigger(wake);
    }
  }

  void start_wait() {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    waiting = true;
    next_trigger(1 + s % 16, SC_NS);
  }
};

int sc_main(int argc, char* argv[]) {
  if (argc > 1) events_wanted = std::strtoull(argv[1], nullptr, 10);
  if (events_wanted < 1) {
    std::fprintf(stderr, "N must be at least 1\n");
    return 1;
  }
  sc_vector<Node> nodes("node", P);
  for (int i = 0; i < P; i++) {
    nodes[i].next = &nodes[(i + 1) % P];
    nodes[i].s = uint32_t(i + 1) * 2654435761u;
  }
  sc_set_stop_mode(SC_STOP_IMMEDIATE);  // no wake-ups after the N-th event
  sc_report_handler::set_actions("/OSCI/SystemC", SC_INFO, SC_DO_NOTHING);  // "stopped by user"
  sc_start(SC_ZERO_TIME);  // finish elaboration and start every wait (no event happens at time 0)

  auto start = std::chrono::steady_clock::now();
  sc_start();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf("{\"events\": %llu, \"finalTime\": %.0f, \"seconds\": %.6f, \"eventsPerSec\": %.0f}\n",
              (unsigned long long)events_wanted, final_time / sc_time(1, SC_NS), seconds,
              events_wanted / seconds);
  return 0;
}
