#include "app/inference/local_model.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

#include "app/inference/device_text.h"
#include "engine/cuda/local_gpus.h"
#include "engine/model/model.h"

namespace hearth::app {

namespace {

struct LoadResult {
    std::shared_ptr<Engine> engine;
    QString error;
    QString deviceNote;
};

LoadResult loadEngine(const QString& path, const LocalModel::Options& options)
{
    try {
        auto model = Model::open(path.toStdString());
        EngineOptions engineOptions;
        engineOptions.context = options.context;
        engineOptions.max_sequences = std::max(1u, options.parallel);
        engineOptions.threads = options.threads;
        engineOptions.device = options.device;
        engineOptions.gpu = options.gpu;
        if (options.firstGpuWhenThere && !gpu_devices().empty()) {
            engineOptions.device = ComputeDevice::Cuda;
            engineOptions.gpu = 0;
        }
        engineOptions.gpu_layers = options.gpuLayers;
        try {
            auto engine = std::make_shared<Engine>(model, engineOptions);
            return { engine, {}, DeviceText::fallback(engine->gpu_fallback(), options.gpu) };
        } catch (const DeviceMemoryError& e) {
            if (!options.cpuWhenGpuFull)
                return { nullptr, DeviceText::outOfMemory(e), {} };
            engineOptions.device = ComputeDevice::Cpu;
            return { std::make_shared<Engine>(std::move(model), engineOptions), {}, DeviceText::movedToCpu(e) };
        }
    } catch (const std::exception& e) {
        return { nullptr, QString::fromUtf8(e.what()), {} };
    }
}

} // namespace

LocalModel::LocalModel(QObject* parent)
    : QObject(parent)
{ }

LocalModel::~LocalModel() = default;

QString LocalModel::path() const
{
    QMutexLocker lock(&m_mutex);
    return m_path;
}

QString LocalModel::errorString() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

std::shared_ptr<Engine> LocalModel::engine() const
{
    QMutexLocker lock(&m_mutex);
    return m_engine;
}

QString LocalModel::displayName() const
{
    return QFileInfo(path()).completeBaseName();
}

ForwardPassDevice LocalModel::device() const
{
    const auto engine = this->engine();
    return engine ? engine->device() : ForwardPassDevice {};
}

QString LocalModel::deviceNote() const
{
    QMutexLocker lock(&m_mutex);
    return m_deviceNote;
}

quint64 LocalModel::memoryBytes() const
{
    const auto engine = this->engine();
    if (!engine)
        return 0;
    if (const auto device = engine->device(); device.kind == ComputeDevice::Cuda)
        return device.device_bytes;
    const auto& shape = engine->model().config().shape;
    const auto stats = engine->stats();
    // Keys and values, F16, for every slot's whole context.
    const quint64 kv = 2ull * 2 * shape.layers * shape.kv_heads * shape.head_dim * stats.context * stats.slot_count;
    return engine->model().file().file_size() + kv;
}

void LocalModel::load(const QString& path, const Options& options)
{
    const quint64 generation = ++m_generation;
    std::shared_ptr<Engine> released; // an engine's last owner stops its thread: outside the lock
    {
        QMutexLocker lock(&m_mutex);
        released = std::move(m_engine);
        m_path = path;
        m_error.clear();
        m_deviceNote.clear();
    }
    setState(State::Loading);

    auto* watcher = new QFutureWatcher<LoadResult>(this);
    connect(watcher, &QFutureWatcher<LoadResult>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // superseded by a later load() or unload()
        LoadResult result = watcher->result();
        if (!result.engine) {
            {
                QMutexLocker lock(&m_mutex);
                m_error = result.error;
            }
            setState(State::Failed);
            emit loadFailed(result.error);
            return;
        }
        {
            QMutexLocker lock(&m_mutex);
            m_engine = std::move(result.engine);
            m_deviceNote = result.deviceNote;
        }
        setState(State::Ready);
        emit loaded();
    });
    watcher->setFuture(QtConcurrent::run(loadEngine, path, options));
}

void LocalModel::unload()
{
    ++m_generation;
    std::shared_ptr<Engine> released; // an engine's last owner stops its thread: outside the lock
    {
        QMutexLocker lock(&m_mutex);
        released = std::move(m_engine);
        m_path.clear();
        m_error.clear();
        m_deviceNote.clear();
    }
    setState(State::Empty);
}

void LocalModel::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace hearth::app
