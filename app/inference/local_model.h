#pragma once

#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

#include "engine/runtime/engine.h"

namespace hearth::app {

// The model loaded into this process, shared by the chat window and the API
// server. Loading (mapping the file, checking it, allocating the KV cache)
// runs on a worker thread; the result arrives as a signal. A load started
// while another runs supersedes it.
//
// Lives on the GUI thread; state(), path(), errorString(), engine(),
// displayName() and memoryBytes() may be called from any thread (the API
// server runs on its own).
class LocalModel : public QObject {
    Q_OBJECT
public:
    enum class State { Empty, Loading, Ready, Failed };
    Q_ENUM(State)

    struct Options {
        std::uint32_t context = 0; // 0: the model's own, at most 8192
        std::uint32_t parallel = 4; // sequences generated together
        unsigned threads = 0; // 0: one per core
        ComputeDevice device = ComputeDevice::Cpu;
        int gpu = 0; // with ComputeDevice::Cuda
        std::optional<std::uint32_t> gpuLayers {}; // layers on the GPU; unset: all that fit, the CPU the rest
        bool cpuWhenGpuFull = false; // a model the GPU cannot hold runs on the CPU instead of failing
        bool firstGpuWhenThere = false; // CUDA on GPU 0 when the machine has one (asked while loading)
    };

    explicit LocalModel(QObject* parent = nullptr);
    ~LocalModel() override;

    void load(const QString& path, const Options& options);
    void unload();

    State state() const { return m_state; }
    QString path() const;
    QString errorString() const;
    // The loaded engine, or null unless Ready. Holders keep it alive across an unload.
    std::shared_ptr<Engine> engine() const;
    // File name without ".gguf".
    QString displayName() const;
    // The weights mapped from the file plus the KV cache (on a GPU: what the
    // model holds there); 0 unless Ready.
    quint64 memoryBytes() const;
    // Where the loaded model runs; why not on the GPU asked for (empty when it is).
    ForwardPassDevice device() const;
    QString deviceNote() const;

signals:
    void stateChanged(hearth::app::LocalModel::State state);
    void loaded();
    void loadFailed(const QString& error);

private:
    void setState(State state);

    std::atomic<State> m_state = State::Empty;
    mutable QMutex m_mutex; // guards the four below
    QString m_path;
    QString m_error;
    QString m_deviceNote;
    std::shared_ptr<Engine> m_engine;
    quint64 m_generation = 0; // which load() the running worker answers
};

} // namespace hearth::app
